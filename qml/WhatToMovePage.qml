import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

// Mail, contacts, calendars, tasks with counts and sizes from the sign-in check;
// which mail (all, recent, between two days); "Choose folders" opens the
// per-folder list.
WizardPage {
    id: page
    readonly property MailPeriod period: Wizard.mailPeriod
    readonly property bool mailChosen: Wizard.selection.types.some(
        t => t.dataType === "mail" && t.available && (t.checked || t.partly))
    heading: qsTr("What should be moved?")
    nextText: qsTr("Start moving")
    nextEnabled: Wizard.canAdvance

    Repeater {
        model: Wizard.selection.types
        delegate: RowLayout {
            id: typeRow
            required property var modelData
            visible: modelData.available
            spacing: 12
            Layout.fillWidth: true
            CheckBox {
                checkState: typeRow.modelData.partly ? Qt.PartiallyChecked
                                                    : typeRow.modelData.checked ? Qt.Checked : Qt.Unchecked
                onClicked: Wizard.selection.setTypeChecked(typeRow.modelData.dataType, !typeRow.modelData.checked || typeRow.modelData.partly)
                Accessible.name: typeRow.modelData.label
            }
            Image {
                source: Theme.icon(typeRow.modelData.dataType)
                Layout.preferredWidth: 24; Layout.preferredHeight: 24; fillMode: Image.PreserveAspectFit
                Accessible.ignored: true
            }
            Label {
                text: typeRow.modelData.label
                font.bold: true
                Layout.preferredWidth: 120
            }
            Label {
                text: (typeRow.modelData.dataType === "mail"
                       ? qsTr("%n message(s)", "", typeRow.modelData.items) + (typeRow.modelData.sizeText ? ", " + typeRow.modelData.sizeText : "")
                       : qsTr("%n item(s)", "", typeRow.modelData.items))
                      + " · " + qsTr("%n folder(s)", "", typeRow.modelData.folders)
                opacity: 0.8
                Layout.fillWidth: true
            }
        }
    }
    // Which mail: all of it, a recent period, or between two days.
    RowLayout {
        visible: page.mailChosen
        spacing: 12
        Layout.fillWidth: true
        Label { text: qsTr("Which mail") }
        ComboBox {
            id: periodChoice
            textRole: "text"
            valueRole: "value"
            model: [
                { value: MailPeriod.AllMail, text: qsTr("All mail") },
                { value: MailPeriod.LastYear, text: qsTr("Received in the last 12 months") },
                { value: MailPeriod.LastTwoYears, text: qsTr("Received in the last 2 years") },
                { value: MailPeriod.LastFiveYears, text: qsTr("Received in the last 5 years") },
                { value: MailPeriod.Between, text: qsTr("Received between two days …") }
            ]
            currentIndex: indexOfValue(page.period.choice)
            onActivated: page.period.choice = currentValue
            Layout.fillWidth: true
            Accessible.name: qsTr("Which mail to move")
        }
    }
    RowLayout {
        visible: page.mailChosen && page.period.choice === MailPeriod.Between
        spacing: 8
        Layout.fillWidth: true
        Label { text: qsTr("From") }
        TextField {
            id: fromDay
            text: page.period.from
            placeholderText: qsTr("YYYY-MM-DD")
            inputMethodHints: Qt.ImhDate
            Layout.preferredWidth: 130
            Accessible.name: qsTr("First day (year-month-day); empty for no limit")
            onTextEdited: page.period.from = text
            KeyNavigation.tab: untilDay
        }
        Label { text: qsTr("until") }
        TextField {
            id: untilDay
            text: page.period.until
            placeholderText: qsTr("YYYY-MM-DD")
            inputMethodHints: Qt.ImhDate
            Layout.preferredWidth: 130
            Accessible.name: qsTr("Last day (year-month-day); empty for no limit")
            onTextEdited: page.period.until = text
        }
        Item { Layout.fillWidth: true }
    }
    Label {
        visible: page.mailChosen && page.period.problem.length > 0
        text: page.period.problem
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        color: Theme.error
        Layout.fillWidth: true
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
    }
    Label {
        visible: page.mailChosen && page.period.choice !== MailPeriod.AllMail && page.period.problem.length === 0
        text: qsTr("%1. The rest stays on the old server; you can move it later by choosing a longer period, and Ferry then copies only what is still missing.")
              .arg(page.period.summary)
        textFormat: Text.PlainText
        wrapMode: Text.WordWrap
        opacity: 0.75
        Layout.fillWidth: true
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
                id: folderRow
                required property int index
                required property var model
                width: ListView.view.width
                text: folderRow.model.label + "  (" + folderRow.model.items + (folderRow.model.sizeText ? ", " + folderRow.model.sizeText : "") + ")"
                checked: folderRow.model.checked
                onToggled: Wizard.selection.setChecked(folderRow.index, folderRow.checked)
                Accessible.name: folderRow.model.label
                icon.source: Theme.icon(folderRow.model.dataType)
                icon.width: 20; icon.height: 20
            }
        }
    }
}
