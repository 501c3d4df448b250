<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ReportPage</name>
    <message numerus="yes">
        <source>%1 (%n outside the dates)</source>
        <translation>
            <numerusform>%1 (%n outside the dates)</numerusform>
            <numerusform>%1 (%n outside the dates)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WhatToMovePage</name>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s)</source>
        <translation>
            <numerusform>%n folder</numerusform>
            <numerusform>%n folders</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ferry::app::MigrationRunner</name>
    <message numerus="yes">
        <source>%1: %n item(s) to copy</source>
        <translation>
            <numerusform>%1: %n item to copy</numerusform>
            <numerusform>%1: %n items to copy</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n minute(s) left</source>
        <translation>
            <numerusform>about %n minute left</numerusform>
            <numerusform>about %n minutes left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ferry::app::ReportModel</name>
    <message numerus="yes">
        <source>%n message(s) received outside the dates you chose stayed on the old server.</source>
        <translation>
            <numerusform>%n message received outside the dates you chose stayed on the old server.</numerusform>
            <numerusform>%n messages received outside the dates you chose stayed on the old server.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The next pass should copy about %n item(s) and take about %1.</source>
        <translation>
            <numerusform>The next pass should copy about %n item and take about %1.</numerusform>
            <numerusform>The next pass should copy about %n items and take about %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n contact</numerusform>
            <numerusform>%n contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked: %n item(s) of the old account are not on the new one; the saved report names each with the reason.</source>
        <translation>
            <numerusform>Checked: %n item of the old account are not on the new one; the saved report names each with the reason.</numerusform>
            <numerusform>Checked: %n items of the old account are not on the new one; the saved report names each with the reason.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ferry::app::SelectionModel</name>
    <message numerus="yes">
        <source>%n item(s) selected, %1 of mail.</source>
        <translation>
            <numerusform>%n item selected, %1 of mail.</numerusform>
            <numerusform>%n items selected, %1 of mail.</numerusform>
        </translation>
    </message>
</context>
</TS>
