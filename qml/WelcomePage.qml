import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

WizardPage {
    id: page
    heading: qsTr("Move your mailbox to a new provider")
    nextText: qsTr("Start")
    showBack: false

    Label {
        text: qsTr("Ferry copies your mail, contacts, calendars and tasks from your old provider to your new one. "
                   + "You sign in to both accounts with your own passwords.")
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    Repeater {
        model: [
            { icon: "lock", text: qsTr("Your data goes straight from the old server to the new server through this computer. No other service sees it.") },
            { icon: "check", text: qsTr("Your old account is only read, never changed. Nothing on the new account is deleted.") },
            { icon: "calendar", text: qsTr("Meetings keep their attendees and replies, and nobody gets an invitation again.") },
            { icon: "arrow-right", text: qsTr("You can run it again later: it then copies only what is new.") }
        ]
        delegate: RowLayout {
            id: row
            required property var modelData
            spacing: 12
            Layout.fillWidth: true
            Image {
                source: Theme.icon(row.modelData.icon)
                Layout.preferredWidth: 24; Layout.preferredHeight: 24; fillMode: Image.PreserveAspectFit
                Layout.alignment: Qt.AlignTop
                Accessible.ignored: true
            }
            Label {
                text: row.modelData.text
                textFormat: Text.PlainText
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }
    }
    Label {
        text: qsTr("You need: your old and your new e-mail address, and the password of each.")
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        opacity: 0.75
        Layout.fillWidth: true
        Layout.topMargin: 8
    }
    // Set up by a helpdesk profile: who to ask.
    Label {
        visible: Wizard.helpdeskText.length > 0
        text: qsTr("Prepared by your helpdesk. Questions? %1").arg(Wizard.helpdeskText)
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        font.bold: true
        Layout.fillWidth: true
        Layout.topMargin: 8
    }
}
