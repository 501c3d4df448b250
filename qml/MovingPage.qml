import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

WizardPage {
    id: page
    readonly property MigrationRunner runner: Wizard.runner
    heading: qsTr("Moving your data")
    showBack: false
    showNext: false

    Label {
        text: page.runner.phaseText
        font.bold: true
        Accessible.name: text
    }
    ProgressBar {
        value: page.runner.fraction
        Layout.fillWidth: true
        Accessible.name: qsTr("Overall progress")
    }
    Label {
        text: page.runner.countsText + (page.runner.rateText ? " · " + page.runner.rateText : "") + (page.runner.etaText ? " · " + page.runner.etaText : "")
        opacity: 0.8
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    Label {
        visible: page.runner.currentFolder.length > 0
        text: qsTr("Now: %1").arg(page.runner.currentFolder)
        textFormat: Text.PlainText
        elide: Text.ElideMiddle
        Layout.fillWidth: true
    }
    GridLayout {
        columns: 4
        columnSpacing: 12
        Layout.fillWidth: true
        Layout.topMargin: 8
        Repeater {
            model: page.runner.types
            delegate: Image {
                required property var modelData
                required property int index
                Layout.row: index; Layout.column: 0
                source: Theme.icon(modelData.dataType)
                Layout.preferredWidth: 20; Layout.preferredHeight: 20; fillMode: Image.PreserveAspectFit
                Accessible.ignored: true
            }
        }
        Repeater {
            model: page.runner.types
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index; Layout.column: 1
                text: modelData.label
            }
        }
        Repeater {
            model: page.runner.types
            delegate: ProgressBar {
                required property var modelData
                required property int index
                Layout.row: index; Layout.column: 2
                Layout.fillWidth: true
                value: modelData.fraction
                Accessible.name: qsTr("%1 progress").arg(modelData.label)
            }
        }
        Repeater {
            model: page.runner.types
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index; Layout.column: 3
                text: qsTr("%1 of %2").arg(modelData.done).arg(modelData.total)
                opacity: 0.8
            }
        }
    }
    RowLayout {
        Layout.topMargin: 8
        Button {
            text: page.runner.paused ? qsTr("Resume") : qsTr("Pause")
            enabled: page.runner.running && !page.runner.cancelling
            onClicked: page.runner.paused ? page.runner.resume() : page.runner.pause()
            Accessible.name: text
        }
        Button {
            text: qsTr("Cancel")
            enabled: page.runner.running && !page.runner.cancelling
            onClicked: page.runner.cancel()
            Accessible.name: qsTr("Cancel the move (what is copied stays; run again later to continue)")
        }
    }
    Button {
        id: logToggle
        checkable: true
        flat: true
        text: checked ? qsTr("Hide details") : qsTr("Show details …")
        Accessible.name: text
    }
    Frame {
        visible: logToggle.checked
        Layout.fillWidth: true
        Layout.preferredHeight: 180
        ListView {
            id: logView
            anchors.fill: parent
            clip: true
            model: page.runner.log
            Accessible.name: qsTr("Log")
            onCountChanged: positionViewAtEnd()
            delegate: Label {
                id: line
                required property var model
                width: ListView.view.width
                text: line.model.time + "  " + line.model.text
                textFormat: Text.PlainText
                wrapMode: Text.WordWrap
                color: line.model.warning ? Theme.warning : Theme.text
                font.family: "monospace"
            }
        }
    }
}
