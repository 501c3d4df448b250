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
        text: runner.phaseText
        font.bold: true
        Accessible.name: text
    }
    ProgressBar {
        value: runner.fraction
        Layout.fillWidth: true
        Accessible.name: qsTr("Overall progress")
    }
    Label {
        text: runner.countsText + (runner.rateText ? " · " + runner.rateText : "") + (runner.etaText ? " · " + runner.etaText : "")
        opacity: 0.8
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    Label {
        visible: runner.currentFolder.length > 0
        text: qsTr("Now: %1").arg(runner.currentFolder)
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
            model: runner.types
            delegate: Image {
                required property var modelData
                required property int index
                Layout.row: index; Layout.column: 0
                source: window.icon(modelData.dataType)
                sourceSize.width: 20; sourceSize.height: 20
                Accessible.ignored: true
            }
        }
        Repeater {
            model: runner.types
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index; Layout.column: 1
                text: modelData.label
            }
        }
        Repeater {
            model: runner.types
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
            model: runner.types
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
            text: runner.paused ? qsTr("Resume") : qsTr("Pause")
            enabled: runner.running && !runner.cancelling
            onClicked: runner.paused ? runner.resume() : runner.pause()
            Accessible.name: text
        }
        Button {
            text: qsTr("Cancel")
            enabled: runner.running && !runner.cancelling
            onClicked: runner.cancel()
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
            model: runner.log
            Accessible.name: qsTr("Log")
            onCountChanged: positionViewAtEnd()
            delegate: Label {
                required property var model
                width: ListView.view.width
                text: model.time + "  " + model.text
                textFormat: Text.PlainText
                wrapMode: Text.WordWrap
                color: model.warning ? "#b9770e" : palette.windowText
                font.family: "monospace"
            }
        }
    }
}
