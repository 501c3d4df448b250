import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

// Per data type and folder: in the old account, in the new one, copied, already
// there, failed; every failed item with the server's reason (plain text).
WizardPage {
    id: page
    readonly property ReportModel report: Wizard.report
    heading: page.report.headline
    showBack: false
    nextText: qsTr("Run again")
    defaultNext: false
    onNextClicked: Wizard.runAgain()

    RowLayout {
        spacing: 10
        Image {
            source: Theme.icon(page.report.complete ? "check" : page.report.failed > 0 ? "warning" : "error")
            Layout.preferredWidth: 24; Layout.preferredHeight: 24; fillMode: Image.PreserveAspectFit
            Accessible.ignored: true
        }
        Label {
            text: page.report.totalsText
            Accessible.name: text
        }
    }
    // After a final pass: both sides compared.
    RowLayout {
        visible: page.report.verifyText.length > 0
        spacing: 10
        Layout.fillWidth: true
        Image {
            source: Theme.icon(page.report.verified ? "check" : "warning")
            Layout.preferredWidth: 20; Layout.preferredHeight: 20; fillMode: Image.PreserveAspectFit
            Accessible.ignored: true
        }
        Label {
            text: page.report.verifyText
            textFormat: Text.PlainText
            wrapMode: Text.WordWrap
            font.bold: true
            Layout.fillWidth: true
            Accessible.name: text
        }
    }
    // The passes so far: each copies less than the one before.
    RowLayout {
        visible: page.report.passes.length > 1
        spacing: 16
        Layout.fillWidth: true
        Row {
            spacing: 6
            Accessible.role: Accessible.Chart
            Accessible.name: qsTr("Items copied per pass")
            Repeater {
                model: page.report.passes
                delegate: Column {
                    id: bar
                    required property var modelData
                    spacing: 2
                    Label {
                        text: bar.modelData.items
                        font.pixelSize: 11
                        anchors.horizontalCenter: parent.horizontalCenter
                    }
                    Item {
                        width: 28; height: 48
                        Rectangle {
                            anchors.bottom: parent.bottom
                            width: parent.width
                            height: Math.max(2, parent.height * bar.modelData.share)
                            color: bar.modelData.final ? Theme.warning : Theme.highlight
                        }
                    }
                    Label {
                        text: "#" + bar.modelData.number
                        font.pixelSize: 11
                        opacity: 0.8
                        anchors.horizontalCenter: parent.horizontalCenter
                    }
                }
            }
        }
        Label {
            text: page.report.forecastText
            textFormat: Text.PlainText
            wrapMode: Text.WordWrap
            opacity: 0.85
            Layout.fillWidth: true
        }
    }
    // Mail left behind by the chosen dates, and the way to move it too.
    RowLayout {
        visible: page.report.outsideWindow > 0
        spacing: 12
        Layout.fillWidth: true
        Label {
            text: page.report.windowText
            textFormat: Text.PlainText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            text: qsTr("Move that mail too")
            onClicked: Wizard.moveAllMail()
            Accessible.name: text
        }
    }
    Label {
        visible: page.report.problem.length > 0
        text: page.report.problem
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        color: Theme.error
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
        model: page.report
        interactive: false
        Layout.fillWidth: true
        Layout.preferredHeight: contentHeight
        Accessible.name: qsTr("Report per folder")
        delegate: RowLayout {
            id: folderRow
            required property var model
            width: ListView.view.width
            spacing: 14
            Image {
                source: Theme.icon(folderRow.model.dataType)
                Layout.preferredWidth: 16; Layout.preferredHeight: 16; fillMode: Image.PreserveAspectFit
                Accessible.ignored: true
            }
            Label {
                text: folderRow.model.outsideWindow > 0
                      ? qsTr("%1 (%n outside the dates)", "", folderRow.model.outsideWindow).arg(folderRow.model.source)
                      : folderRow.model.source
                textFormat: Text.PlainText
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            Label { text: folderRow.model.sourceCount; Layout.preferredWidth: 100; horizontalAlignment: Text.AlignRight }
            Label { text: folderRow.model.targetCount; Layout.preferredWidth: 100; horizontalAlignment: Text.AlignRight }
            Label { text: folderRow.model.copied; Layout.preferredWidth: 60; horizontalAlignment: Text.AlignRight }
            Label { text: folderRow.model.alreadyThere; Layout.preferredWidth: 110; horizontalAlignment: Text.AlignRight }
            Label {
                text: folderRow.model.failed
                color: folderRow.model.failed > 0 ? Theme.error : Theme.text
                Layout.preferredWidth: 50
                horizontalAlignment: Text.AlignRight
            }
        }
    }
    Label {
        visible: page.report.failed > 0
        text: qsTr("Items that could not be copied")
        font.bold: true
        Layout.topMargin: 8
    }
    ListView {
        model: page.report.failures
        interactive: false
        Layout.fillWidth: true
        Layout.preferredHeight: contentHeight
        Accessible.name: qsTr("Items that could not be copied")
        delegate: ColumnLayout {
            id: failureRow
            required property var model
            width: ListView.view.width
            spacing: 0
            Label {
                text: failureRow.model.folder + ": " + failureRow.model.item
                textFormat: Text.PlainText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: failureRow.model.reason
                textFormat: Text.PlainText
                wrapMode: Text.WordWrap
                opacity: 0.8
                Layout.fillWidth: true
                Layout.leftMargin: 16
            }
        }
    }
    Repeater {
        model: page.report.warnings
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
            visible: !Wizard.kiosk // nothing of a person stays on a shared station
            text: qsTr("Save report")
            onClicked: Wizard.saveReport()
            Accessible.name: text
        }
        Button {
            visible: !Wizard.kiosk
            text: qsTr("Save diagnostics")
            onClicked: Wizard.saveDiagnostics()
            Accessible.name: qsTr("Save diagnostics for your helpdesk (passwords and message contents left out)")
        }
        Button {
            text: qsTr("Final pass")
            onClicked: Wizard.finalPass()
            Accessible.name: qsTr("Final pass: copy what is new, then compare both accounts")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("After your provider has switched your address to the new server: copies what arrived since, then checks that everything is there.")
        }
        Button {
            text: Wizard.kiosk ? qsTr("Next person") : qsTr("Move another account")
            onClicked: Wizard.kiosk ? Wizard.nextPerson() : Wizard.startOver()
            Accessible.name: text
        }
    }
    Label {
        visible: Wizard.savedDiagnosticsPath.length > 0
        text: qsTr("Diagnostics for your helpdesk saved to %1 (no passwords, no message contents).").arg(Wizard.savedDiagnosticsPath)
        textFormat: Text.PlainText
        wrapMode: Text.WrapAnywhere
        Layout.fillWidth: true
    }
    Label {
        visible: Wizard.savedReportPath.length > 0
        text: qsTr("Saved to %1").arg(Wizard.savedReportPath)
        textFormat: Text.PlainText
        wrapMode: Text.WrapAnywhere
        Layout.fillWidth: true
    }
    Label {
        visible: Wizard.helpdeskText.length > 0
        text: qsTr("Questions? %1").arg(Wizard.helpdeskText)
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    Label {
        text: qsTr("“Run again” copies only what arrived since. After your provider has switched your address to the new server, run the “Final pass”: it also checks that everything is there.")
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        opacity: 0.75
        Layout.fillWidth: true
    }
}
