import QtQuick
import QtQuick.Controls

ApplicationWindow {
    id: window
    width: 720
    height: 520
    visible: true
    title: qsTr("Ferry")

    StackView {
        id: stack
        anchors.fill: parent
        initialItem: WelcomePage {}
    }
}
