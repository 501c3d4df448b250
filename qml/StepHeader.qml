import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

// "1 Old account — 2 New account — 3 What to move — 4 Moving — 5 Report"
ToolBar {
    id: bar
    readonly property var names: [qsTr("Old account"), qsTr("New account"), qsTr("What to move"), qsTr("Moving"), qsTr("Report")]
    visible: Wizard.stepNumber > 0
    Accessible.role: Accessible.ProgressBar
    Accessible.name: qsTr("Step %1 of %2: %3").arg(Wizard.stepNumber).arg(Wizard.stepCount)
                     .arg(names[Math.max(0, Wizard.stepNumber - 1)])

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 16
        spacing: 6
        Repeater {
            model: bar.names
            delegate: RowLayout {
                required property int index
                required property string modelData
                readonly property bool current: index + 1 === Wizard.stepNumber
                readonly property bool done: index + 1 < Wizard.stepNumber
                spacing: 6
                Rectangle {
                    width: 22; height: 22; radius: 11
                    color: parent.current || parent.done ? palette.highlight : "transparent"
                    border.color: parent.current || parent.done ? palette.highlight : palette.mid
                    Label {
                        anchors.centerIn: parent
                        text: parent.parent.done ? "✓" : (parent.parent.index + 1)
                        color: parent.parent.current || parent.parent.done ? palette.highlightedText : palette.windowText
                        font.bold: true
                    }
                }
                Label {
                    text: parent.modelData
                    font.bold: parent.current
                    opacity: parent.current || parent.done ? 1 : 0.6
                }
                Rectangle {
                    visible: parent.index < bar.names.length - 1
                    Layout.preferredWidth: 18; height: 1
                    color: palette.mid
                }
            }
        }
        Item { Layout.fillWidth: true }
    }
}
