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
                id: stepItem
                required property int index
                required property string modelData
                readonly property bool current: index + 1 === Wizard.stepNumber
                readonly property bool done: index + 1 < Wizard.stepNumber
                spacing: 6
                Rectangle {
                    width: 22; height: 22; radius: 11
                    color: stepItem.current || stepItem.done ? Theme.highlight : "transparent"
                    border.color: stepItem.current || stepItem.done ? Theme.highlight : Theme.mid
                    Label {
                        anchors.centerIn: parent
                        text: stepItem.done ? "✓" : (stepItem.index + 1)
                        color: stepItem.current || stepItem.done ? Theme.highlightedText : Theme.text
                        font.bold: true
                    }
                }
                Label {
                    text: stepItem.modelData
                    font.bold: stepItem.current
                    opacity: stepItem.current || stepItem.done ? 1 : 0.6
                }
                Rectangle {
                    visible: stepItem.index < Wizard.stepCount - 1
                    Layout.preferredWidth: 18; height: 1
                    color: Theme.mid
                }
            }
        }
        Item { Layout.fillWidth: true }
    }
}
