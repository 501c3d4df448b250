import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

// Old or new account: e-mail address and password; the servers are found from the
// address and shown/edited under "Advanced". The password goes to a write-only
// setter: it is never read back from C++.
WizardPage {
    id: page
    property AccountSettings account
    property bool isOld: true
    heading: isOld ? qsTr("Your old account") : qsTr("Your new account")
    nextText: isOld ? qsTr("Sign in") : qsTr("Sign in and continue")

    onVisibleChanged: if (visible) email.forceActiveFocus()

    Label {
        text: page.isOld ? qsTr("Where your mail is now. Ferry only reads from this account.")
                         : qsTr("Where your mail should go. Nothing that is already there is deleted.")
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    GridLayout {
        columns: 2
        columnSpacing: 12
        rowSpacing: 8
        Layout.fillWidth: true
        Label { text: qsTr("E-mail address") }
        TextField {
            id: email
            text: page.account ? page.account.email : ""
            placeholderText: qsTr("anna@example.com")
            inputMethodHints: Qt.ImhEmailCharactersOnly | Qt.ImhNoAutoUppercase
            Layout.fillWidth: true
            Accessible.name: page.isOld ? qsTr("Old e-mail address") : qsTr("New e-mail address")
            onTextEdited: page.account.email = text
            onAccepted: password.forceActiveFocus()
            KeyNavigation.tab: password
        }
        Label { text: qsTr("Password") }
        TextField {
            id: password
            echoMode: TextInput.Password
            placeholderText: page.account && page.account.hasPassword ? qsTr("(entered)") : ""
            Layout.fillWidth: true
            Accessible.name: page.isOld ? qsTr("Password of the old account") : qsTr("Password of the new account")
            Accessible.passwordEdit: true
            onTextEdited: page.account.setPassword(text)
            onAccepted: Wizard.next()
        }
        Item { width: 1; height: 1; visible: !Wizard.kiosk }
        CheckBox {
            visible: !Wizard.kiosk // a shared station keeps nobody's password
            text: qsTr("Remember this password in the system keychain")
            checked: page.account ? page.account.rememberPassword : false
            onToggled: page.account.rememberPassword = checked
            Accessible.name: text
        }
    }

    // What autodiscovery found.
    Frame {
        Layout.fillWidth: true
        visible: page.account && (page.account.discovering || page.account.discoveryText.length > 0)
        RowLayout {
            anchors.fill: parent
            spacing: 10
            BusyIndicator {
                running: page.account && page.account.discovering
                visible: running
                implicitWidth: 24; implicitHeight: 24
                Accessible.name: qsTr("Looking up the server settings")
            }
            Image {
                visible: page.account && !page.account.discovering
                source: Theme.icon(page.account && page.account.settingsGuessed ? "warning" : "server")
                Layout.preferredWidth: 24; Layout.preferredHeight: 24; fillMode: Image.PreserveAspectFit
                Accessible.ignored: true
            }
            Label {
                text: page.account ? page.account.discoveryText
                                     + (page.account.settingsGuessed ? "\n" + qsTr("These settings are a guess: check them under “Advanced”.") : "")
                                   : ""
                textFormat: Text.PlainText
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }
    }
    // App password / OAuth2 explanation for providers that need one.
    Frame {
        Layout.fillWidth: true
        visible: page.account && page.account.passwordHelp.length > 0
        ColumnLayout {
            anchors.fill: parent
            RowLayout {
                Image { source: Theme.icon("info"); Layout.preferredWidth: 24; Layout.preferredHeight: 24; fillMode: Image.PreserveAspectFit; Accessible.ignored: true }
                Label {
                    text: page.account ? page.account.passwordHelp : ""
                    textFormat: Text.PlainText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }
            Button {
                visible: page.account && page.account.passwordHelpUrl.length > 0
                text: qsTr("Open the provider's instructions")
                onClicked: Qt.openUrlExternally(page.account.passwordHelpUrl)
                Accessible.name: text
            }
        }
    }

    Button {
        id: advancedToggle
        checkable: true
        flat: true
        text: checked ? qsTr("Hide advanced settings") : qsTr("Advanced settings …")
        Accessible.name: text
    }
    GridLayout {
        visible: advancedToggle.checked
        columns: 2
        columnSpacing: 12
        rowSpacing: 8
        Layout.fillWidth: true
        Label { text: qsTr("User name") }
        TextField {
            text: page.account ? page.account.userName : ""
            Layout.fillWidth: true
            Accessible.name: qsTr("User name for signing in")
            onTextEdited: page.account.userName = text
        }
        Label { text: qsTr("Mail server (IMAP, TLS)") }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                text: page.account ? page.account.imapHost : ""
                placeholderText: qsTr("imap.example.com")
                Layout.fillWidth: true
                Accessible.name: qsTr("IMAP server name")
                onTextEdited: page.account.imapHost = text
            }
            Label { text: qsTr("Port") }
            SpinBox {
                from: 1; to: 65535
                editable: true
                value: page.account ? page.account.imapPort : 993
                textFromValue: function(v) { return String(v) }
                valueFromText: function(t) { return parseInt(t) }
                Accessible.name: qsTr("IMAP port")
                onValueModified: page.account.imapPort = value
            }
        }
        Label { text: qsTr("Contacts and calendars") }
        TextField {
            text: page.account ? page.account.davUrl : ""
            placeholderText: qsTr("https://dav.example.com/ (optional)")
            Layout.fillWidth: true
            Accessible.name: qsTr("CalDAV and CardDAV address")
            onTextEdited: page.account.davUrl = text
        }
        Label {
            visible: page.account && page.account.trustedFingerprint.length > 0
            text: qsTr("Trusted certificate")
        }
        Label {
            visible: page.account && page.account.trustedFingerprint.length > 0
            text: page.account ? page.account.trustedFingerprint : ""
            textFormat: Text.PlainText
            wrapMode: Text.WrapAnywhere
            font.family: "monospace"
            Layout.fillWidth: true
        }
    }
    Label {
        text: qsTr("Ferry only connects with encryption (IMAP on port 993, HTTPS).")
        textFormat: Text.PlainText
        opacity: 0.7
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
        visible: advancedToggle.checked
    }
}
