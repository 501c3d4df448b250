import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

// A server showed a certificate the system does not trust. Only an explicit
// "Trust this certificate" pins exactly this one (by its SHA-256 fingerprint) for
// this server; everything here came from the server, so it is plain text.
WizardPage {
    id: page
    heading: qsTr("Is this the right server?")
    nextText: qsTr("Trust this certificate for this server")
    defaultNext: false
    onNextClicked: Wizard.trustCertificate()

    RowLayout {
        spacing: 12
        Layout.fillWidth: true
        Image { source: Theme.icon("lock"); Layout.preferredWidth: 24; Layout.preferredHeight: 24; Layout.alignment: Qt.AlignTop; fillMode: Image.PreserveAspectFit; Accessible.ignored: true }
        Label {
            text: qsTr("The server %1 presented a certificate that this computer does not trust. "
                       + "This happens with self-hosted servers, but it can also mean someone is listening in.")
                  .arg(Wizard.certificate.host || "")
            textFormat: Text.PlainText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
    GridLayout {
        columns: 2
        columnSpacing: 16
        rowSpacing: 6
        Layout.fillWidth: true
        Repeater {
            model: [
                [qsTr("Problem"), Wizard.certificate.problem],
                [qsTr("Issued to"), Wizard.certificate.subject],
                [qsTr("Issued by"), Wizard.certificate.issuer],
                [qsTr("Valid from"), Wizard.certificate.validFrom],
                [qsTr("Valid until"), Wizard.certificate.validUntil],
                [qsTr("SHA-256 fingerprint"), Wizard.certificate.fingerprint]
            ]
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index
                Layout.column: 0
                text: modelData[0]
                font.bold: true
            }
        }
        Repeater {
            model: [Wizard.certificate.problem, Wizard.certificate.subject, Wizard.certificate.issuer,
                    Wizard.certificate.validFrom, Wizard.certificate.validUntil, Wizard.certificate.fingerprint]
            delegate: Label {
                required property var modelData
                required property int index
                Layout.row: index
                Layout.column: 1
                Layout.fillWidth: true
                text: modelData || qsTr("(not given)")
                textFormat: Text.PlainText
                wrapMode: Text.WrapAnywhere
                font.family: index === 5 ? "monospace" : Qt.application.font.family
            }
        }
    }
    Label {
        text: qsTr("Compare the fingerprint with the one your provider or administrator gave you. "
                   + "Trust it only if they match; otherwise go back.")
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    Button {
        text: qsTr("Do not trust it")
        onClicked: Wizard.rejectCertificate()
        Accessible.name: text
    }
}
