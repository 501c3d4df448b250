import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Page {
    Accessible.name: qsTr("Welcome")

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 520)
        spacing: 16

        Label {
            text: qsTr("Move your mailbox")
            font.pixelSize: 28
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
        }
        Label {
            text: qsTr("Ferry copies your mail from your old provider to your new one. "
                       + "Your data goes straight from the old server to the new server through this computer.")
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            textFormat: Text.PlainText
        }
        Label {
            text: qsTr("The guided wizard is on its way; until then, use ferry-cli.")
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            opacity: 0.7
        }
    }
}
