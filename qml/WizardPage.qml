import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

// Frame of every wizard page: a title, the page's content (scrolls when the window
// is small), the validation message, and Back / Next at the bottom.
Page {
    id: page
    property string heading
    property string nextText: qsTr("Next")
    property bool showBack: Wizard.canGoBack
    property bool showNext: true
    // Next stays clickable: a click on an incomplete page says what is missing.
    property bool nextEnabled: !Wizard.busy
    // false: the page handles nextClicked itself instead of Wizard.next()
    property bool defaultNext: true
    default property alias content: column.data
    signal nextClicked()

    Accessible.name: heading
    // The window decides the size; a fixed implicit size keeps the scrolling
    // content's width (= the page's width) from feeding back into the page's.
    implicitWidth: 640
    implicitHeight: 480

    ScrollView {
        id: scroll
        anchors.fill: parent
        anchors.margins: 24
        contentWidth: availableWidth
        ColumnLayout {
            id: column
            width: scroll.availableWidth
            spacing: 12
            Label {
                text: page.heading
                font.pixelSize: 24
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Accessible.role: Accessible.Heading
            }
        }
    }

    footer: Pane {
        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            Label {
                id: message
                visible: text.length > 0
                text: Wizard.validationMessage
                textFormat: Text.PlainText
                wrapMode: Text.WordWrap
                color: Theme.error
                Layout.fillWidth: true
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            RowLayout {
                Layout.fillWidth: true
                BusyIndicator {
                    running: Wizard.busy
                    visible: Wizard.busy
                    implicitWidth: 28; implicitHeight: 28
                    Accessible.name: qsTr("Working")
                }
                Label {
                    text: Wizard.busyText
                    textFormat: Text.PlainText
                    visible: Wizard.busy
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Item { Layout.fillWidth: true; visible: !Wizard.busy }
                Button {
                    text: qsTr("Back")
                    visible: page.showBack
                    enabled: Wizard.canGoBack
                    onClicked: Wizard.back()
                    Accessible.name: qsTr("Back to the previous step")
                }
                Button {
                    id: nextButton
                    text: page.nextText
                    visible: page.showNext
                    enabled: page.nextEnabled
                    highlighted: true
                    onClicked: page.defaultNext ? Wizard.next() : page.nextClicked()
                    Accessible.name: text
                }
            }
        }
    }
}
