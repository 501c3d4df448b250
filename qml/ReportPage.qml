import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

// Per data type and folder: in the old account, in the new one, copied, already
// there, failed; every failed item with the server's reason (plain text).
WizardPage {
    id: page
    readonly property ReportModel report: Wizard.report
    heading: report.headline
    showBack: false
    nextText: qsTr("Run again")
    defaultNext: false
    onNextClicked: Wizard.runAgain()

    RowLayout {
        spacing: 10
        Image {
            source: window.icon(report.complete ? "check" : report.failed > 0 ? "warning" : "error")
            sourceSize.width: 24; sourceSize.height: 24
            Accessible.ignored: true
        }
        Label {
            text: report.totalsText
            Accessible.name: text
        }
    }
    Label {
        visible: report.problem.length > 0
        text: report.problem
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        color: "#c0392b"
        Layout.fillWidth: true
    }
    // The table: a header row with the same column widths as the rows below.
    RowLayout {
        spacing: 14
        Layout.fillWidth: true
        Item { implicitWidth: 16 }
        Label { text: qsTr("Folder"); font.bold: true; Layout.fillWidth: true }
        Label { text: qsTr("Old account"); font.bold: true; Layout.preferredWidth: 100; horizontalAlignment: Text.AlignRight; elide: Text.ElideRight }
        Label { text: qsTr("New account"); font.bold: true; Layout.preferredWidth: 100; horizontalAlignment: Text.AlignRight; elide: Text.ElideRight }
        Label { text: qsTr("Copied"); font.bold: true; Layout.preferredWidth: 60; horizontalAlignment: Text.AlignRight; elide: Text.ElideRight }
        Label { text: qsTr("Already there"); font.bold: true; Layout.preferredWidth: 110; horizontalAlignment: Text.AlignRight; elide: Text.ElideRight }
        Label { text: qsTr("Failed"); font.bold: true; Layout.preferredWidth: 50; horizontalAlignment: Text.AlignRight; elide: Text.ElideRight }
    }
    ListView {
        id: rows
        model: report
        interactive: false
        Layout.fillWidth: true
        Layout.preferredHeight: contentHeight
        Accessible.name: qsTr("Report per folder")
        delegate: RowLayout {
            required property var model
            width: ListView.view.width
            spacing: 14
            Image {
                source: window.icon(model.dataType)
                sourceSize.width: 16; sourceSize.height: 16
                Accessible.ignored: true
            }
            Label {
                text: model.source
                textFormat: Text.PlainText
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            Label { text: model.sourceCount; Layout.preferredWidth: 100; horizontalAlignment: Text.AlignRight }
            Label { text: model.targetCount; Layout.preferredWidth: 100; horizontalAlignment: Text.AlignRight }
            Label { text: model.copied; Layout.preferredWidth: 60; horizontalAlignment: Text.AlignRight }
            Label { text: model.alreadyThere; Layout.preferredWidth: 110; horizontalAlignment: Text.AlignRight }
            Label {
                text: model.failed
                color: model.failed > 0 ? "#c0392b" : palette.windowText
                Layout.preferredWidth: 50
                horizontalAlignment: Text.AlignRight
            }
        }
    }
    Label {
        visible: report.failed > 0
        text: qsTr("Items that could not be copied")
        font.bold: true
        Layout.topMargin: 8
    }
    ListView {
        model: report.failures
        interactive: false
        Layout.fillWidth: true
        Layout.preferredHeight: contentHeight
        Accessible.name: qsTr("Items that could not be copied")
        delegate: ColumnLayout {
            required property var model
            width: ListView.view.width
            spacing: 0
            Label {
                text: model.folder + ": " + model.item
                textFormat: Text.PlainText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: model.reason
                textFormat: Text.PlainText
                wrapMode: Text.WordWrap
                opacity: 0.8
                Layout.fillWidth: true
                Layout.leftMargin: 16
            }
        }
    }
    Repeater {
        model: report.warnings
        delegate: Label {
            required property string modelData
            text: "⚠ " + modelData
            textFormat: Text.PlainText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
    RowLayout {
        Layout.topMargin: 8
        Button {
            text: qsTr("Save report")
            onClicked: Wizard.saveReport()
            Accessible.name: text
        }
        Button {
            text: qsTr("Move another account")
            onClicked: Wizard.startOver()
            Accessible.name: text
        }
    }
    Label {
        visible: Wizard.savedReportPath.length > 0
        text: qsTr("Saved to %1").arg(Wizard.savedReportPath)
        textFormat: Text.PlainText
        wrapMode: Text.WrapAnywhere
        Layout.fillWidth: true
    }
    Label {
        text: qsTr("“Run again” copies only what arrived since. Run it once more after your provider has switched your address to the new server.")
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        opacity: 0.75
        Layout.fillWidth: true
    }
}
