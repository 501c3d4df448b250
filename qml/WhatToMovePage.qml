import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

// Mail, contacts, calendars, tasks with counts and sizes from the sign-in check;
// "Choose folders" opens the per-folder list.
WizardPage {
    id: page
    heading: qsTr("What should be moved?")
    nextText: qsTr("Start moving")
    nextEnabled: Wizard.canAdvance

    Repeater {
        model: Wizard.selection.types
        delegate: RowLayout {
            required property var modelData
            visible: modelData.available
            spacing: 12
            Layout.fillWidth: true
            CheckBox {
                checkState: parent.modelData.partly ? Qt.PartiallyChecked
                                                    : parent.modelData.checked ? Qt.Checked : Qt.Unchecked
                onClicked: Wizard.selection.setTypeChecked(parent.modelData.dataType, !parent.modelData.checked || parent.modelData.partly)
                Accessible.name: parent.modelData.label
            }
            Image {
                source: window.icon(parent.modelData.dataType)
                sourceSize.width: 24; sourceSize.height: 24
                Accessible.ignored: true
            }
            Label {
                text: parent.modelData.label
                font.bold: true
                Layout.preferredWidth: 120
            }
            Label {
                text: (parent.modelData.dataType === "mail"
                       ? qsTr("%n message(s)", "", parent.modelData.items) + (parent.modelData.sizeText ? ", " + parent.modelData.sizeText : "")
                       : qsTr("%n item(s)", "", parent.modelData.items))
                      + " · " + qsTr("%n folder(s)", "", parent.modelData.folders)
                opacity: 0.8
                Layout.fillWidth: true
            }
        }
    }
    Label {
        visible: Wizard.selectionNote.length > 0
        text: Wizard.selectionNote
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    Label {
        text: Wizard.selection.summary
        opacity: 0.8
    }
    Button {
        id: foldersToggle
        checkable: true
        flat: true
        text: checked ? qsTr("Hide folders") : qsTr("Choose folders …")
        Accessible.name: text
    }
    Frame {
        visible: foldersToggle.checked
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(320, folderList.contentHeight + 16)
        ListView {
            id: folderList
            anchors.fill: parent
            clip: true
            model: Wizard.selection
            keyNavigationEnabled: true
            Accessible.name: qsTr("Folders and collections")
            delegate: CheckDelegate {
                required property int index
                required property var model
                width: ListView.view.width
                text: model.label + "  (" + model.items + (model.sizeText ? ", " + model.sizeText : "") + ")"
                checked: model.checked
                onToggled: Wizard.selection.setChecked(index, checked)
                Accessible.name: model.label
                icon.source: window.icon(model.dataType)
                icon.width: 20; icon.height: 20
            }
        }
    }
}
