pragma Singleton
import QtQuick

// Colours and icons that follow the system palette (Main.qml keeps these in step
// with the window's palette), reachable from every page and delegate.
QtObject {
    property bool dark: false
    property color highlight: "#308cc6"
    property color highlightedText: "#ffffff"
    property color mid: "#a0a0a0"
    property color text: "#000000"
    readonly property color error: dark ? "#ff6b5b" : "#c0392b"
    readonly property color warning: dark ? "#f5b041" : "#b9770e"
    // Page icons from assets/icons: dark lines on light palettes, light lines on dark ones.
    function icon(name) { return "qrc:/icons/" + name + (dark ? "-light" : "") + ".png" }
}
