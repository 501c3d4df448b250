import QtQuick
import Ferry
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window
    width: 820
    height: 600
    minimumWidth: 660
    minimumHeight: 460
    visible: true
    title: qsTr("Ferry — move your mailbox")

    // The page views take colours and icons from Theme; it follows this window's palette.
    function followPalette() {
        Theme.dark = palette.window.hslLightness < 0.5
        Theme.highlight = palette.highlight
        Theme.highlightedText = palette.highlightedText
        Theme.mid = palette.mid
        Theme.text = palette.windowText
    }
    Component.onCompleted: followPalette()
    onPaletteChanged: followPalette()

    header: StepHeader {}

    StackLayout {
        id: pages
        anchors.fill: parent
        currentIndex: Wizard.step

        // One page per Wizard.Step, in the enum's order.
        WelcomePage { objectName: "page-welcome" }
        AccountPage { objectName: "page-old-account"; account: Wizard.oldAccount; isOld: true }
        AccountPage { objectName: "page-new-account"; account: Wizard.newAccount; isOld: false }
        TrustPage { objectName: "page-trust" }
        WhatToMovePage { objectName: "page-what-to-move" }
        MovingPage { objectName: "page-moving" }
        ReportPage { objectName: "page-report" }
    }
}
