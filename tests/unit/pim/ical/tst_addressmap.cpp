// AddressMap: exact pairs, patterns, precedence, the CLI "OLD=NEW" form and the
// CSV a helpdesk hands in (header, quotes, separators, comments, errors by line).
#include <pim/addressmap/addressmap.h>

#include <QTest>

using namespace ferry::pim;
using namespace Qt::StringLiterals;

class TestAddressMap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rules_data()
    {
        QTest::addColumn<QStringList>("rules");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // null: no mapping

        const QStringList helpdesk{u"c.smith@old.example=c_smith@new.example"_s,
                                   u"{local}@old.example={local}@new.example"_s};
        QTest::newRow("exact") << QStringList{u"me@old.example=me@new.example"_s}
                               << u"me@old.example"_s << u"me@new.example"_s;
        QTest::newRow("case-insensitive, mapping's spelling")
            << QStringList{u"Me@Old.Example=Me.Myself@New.Example"_s} << u"mE@oLD.eXAMPLE"_s
            << u"Me.Myself@New.Example"_s;
        QTest::newRow("mailto prefix ignored") << QStringList{u"mailto:me@old.example=me@new.example"_s}
                                               << u"MAILTO:me@old.example"_s << u"me@new.example"_s;
        QTest::newRow("unmapped") << QStringList{u"me@old.example=me@new.example"_s} << u"you@old.example"_s
                                  << QString();
        QTest::newRow("pattern") << helpdesk << u"Anna.Berg@OLD.example"_s << u"Anna.Berg@new.example"_s;
        QTest::newRow("exact wins over pattern") << helpdesk << u"C.Smith@old.example"_s
                                                 << u"c_smith@new.example"_s;
        QTest::newRow("pattern other domain") << helpdesk << u"anna@old.example.com"_s << QString();
        QTest::newRow("star shorthand") << QStringList{u"*@old.example=*@new.example"_s} << u"x@old.example"_s
                                        << u"x@new.example"_s;
        QTest::newRow("prefix/suffix pattern")
            << QStringList{u"old-{local}.ext@old.example=new-{local}@new.example"_s}
            << u"old-anna.ext@old.example"_s << u"new-anna@new.example"_s;
        QTest::newRow("prefix/suffix need a non-empty match")
            << QStringList{u"old-{local}.ext@old.example=new-{local}@new.example"_s}
            << u"old-.ext@old.example"_s << QString();
        QTest::newRow("pattern to one address")
            << QStringList{u"{local}@shared.example=team@new.example"_s} << u"anything@shared.example"_s
            << u"team@new.example"_s;
        QTest::newRow("first pattern wins")
            << QStringList{u"{local}@old.example={local}@a.example"_s, u"{local}@old.example={local}@a.example"_s,
                           u"x{local}@old.example={local}@b.example"_s}
            << u"xy@old.example"_s << u"xy@a.example"_s;
        QTest::newRow("equals sign in local part")
            << QStringList{u"a=b@old.example=a=b@new.example"_s} << u"a=b@old.example"_s << u"a=b@new.example"_s;
        QTest::newRow("spaces around") << QStringList{u"  me@old.example = me@new.example "_s}
                                       << u"me@old.example"_s << u"me@new.example"_s;
        QTest::newRow("non-ascii") << QStringList{u"J\u00D6RG@old.example=joerg@new.example"_s}
                                   << u"j\u00F6rg@OLD.example"_s << u"joerg@new.example"_s;
    }
    void rules()
    {
        QFETCH(QStringList, rules);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        AddressMap map;
        for (const QString &r : rules) {
            QString error;
            QVERIFY2(map.addRule(r, &error), qPrintable(error));
        }
        const std::optional<QString> got = map.map(input);
        if (expected.isNull()) {
            QVERIFY2(!got, qPrintable(got.value_or(QString())));
        } else {
            QVERIFY(got);
            QCOMPARE(*got, expected);
        }
    }

    void badRules_data()
    {
        QTest::addColumn<QStringList>("before");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("errorContains");
        QTest::newRow("no equals") << QStringList() << u"me@old.example"_s << u"OLD=NEW"_s;
        QTest::newRow("no at") << QStringList() << u"me=you"_s << u"OLD=NEW"_s;
        QTest::newRow("new not an address") << QStringList() << u"me@old.example=you"_s << u"no '@'"_s;
        QTest::newRow("empty domain") << QStringList() << u"me@old.example=you@"_s << u"empty"_s;
        QTest::newRow("white space") << QStringList() << u"me@old.example=y ou@new.example"_s << u"white space"_s;
        QTest::newRow("angle brackets") << QStringList() << u"me@old.example=<you@new.example>"_s << u"angle"_s;
        QTest::newRow("conflict") << QStringList{u"me@old.example=a@new.example"_s}
                                  << u"ME@old.example=b@new.example"_s << u"already mapped"_s;
        QTest::newRow("pattern conflict") << QStringList{u"{local}@old.example={local}@a.example"_s}
                                          << u"*@old.example={local}@b.example"_s << u"different mapping"_s;
        QTest::newRow("pattern in domain") << QStringList() << u"{local}@*.example={local}@new.example"_s
                                           << u"only {local}"_s;
        QTest::newRow("new pattern, old exact") << QStringList() << u"me@old.example={local}@new.example"_s
                                                << u"exactly one {local}"_s;
        QTest::newRow("two placeholders") << QStringList() << u"{local}@old.example={local}.{local}@new.example"_s
                                          << u"more than once"_s;
        QTest::newRow("unknown placeholder") << QStringList() << u"{local}@old.example={local}@{domain}"_s
                                             << u"only placeholder"_s;
    }
    void badRules()
    {
        QFETCH(QStringList, before);
        QFETCH(QString, rule);
        QFETCH(QString, errorContains);
        AddressMap map;
        for (const QString &r : before)
            QVERIFY(map.addRule(r));
        const qsizetype pairs = map.pairCount();
        const qsizetype patterns = map.patternCount();
        QString error;
        QVERIFY(!map.addRule(rule, &error));
        QVERIFY2(error.contains(errorContains), qPrintable(error));
        QCOMPARE(map.pairCount(), pairs);
        QCOMPARE(map.patternCount(), patterns);
    }

    void sameRuleTwiceIsHarmless()
    {
        AddressMap map;
        QVERIFY(map.addRule(u"me@old.example=me@new.example"));
        QVERIFY(map.addRule(u"ME@old.example=me@NEW.example"));
        QCOMPARE(map.pairCount(), 1);
    }

    void csv_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QByteArray("c.smith@old.example,c_smith@new.example\n") << u"c.smith@old.example"_s
                               << u"c_smith@new.example"_s;
        QTest::newRow("header, CRLF, BOM")
            << QByteArray("\xEF\xBB\xBFold,new\r\na@old.example,a@new.example\r\nb@old.example,b2@new.example\r\n")
            << u"B@old.example"_s << u"b2@new.example"_s;
        QTest::newRow("quotes and semicolons")
            << QByteArray("\"old address\";\"new address\"\n\"a@old.example\";\"a@new.example\"\n")
            << u"a@old.example"_s << u"a@new.example"_s;
        QTest::newRow("tab separated") << QByteArray("a@old.example\ta@new.example") << u"a@old.example"_s
                                       << u"a@new.example"_s;
        QTest::newRow("comments and blank lines")
            << QByteArray("# helpdesk table\n\n   \na@old.example, a@new.example\n  # done\n") << u"a@old.example"_s
            << u"a@new.example"_s;
        QTest::newRow("trailing empty cells") << QByteArray("a@old.example,a@new.example,,\n") << u"a@old.example"_s
                                              << u"a@new.example"_s;
        QTest::newRow("pattern row") << QByteArray("c.smith@old.example,c_smith@new.example\n{local}@old.example,{local}@new.example\n")
                                     << u"dora@old.example"_s << u"dora@new.example"_s;
        QTest::newRow("doubled quote in quoted cell")
            << QByteArray("\"a\"\"b\"\"@old.example\",x@new.example\n") << u"a\"b\"@old.example"_s
            << u"x@new.example"_s;
        QTest::newRow("utf-8") << QByteArray("j\xC3\xB6rg@old.example,j\xC3\xB6rg@new.example\n")
                               << u"J\u00D6RG@old.example"_s << u"j\u00F6rg@new.example"_s;
    }
    void csv()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        AddressMap map;
        const QList<AddressMapIssue> issues = map.addCsv(csv);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).message));
        QCOMPARE(map.map(input).value_or(QString()), expected);
    }

    void csvErrors_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QList<int>>("lines");
        QTest::newRow("one column") << QByteArray("old,new\na@old.example\n") << QList<int>{2};
        QTest::newRow("three columns") << QByteArray("a@old.example,a@new.example,note\n") << QList<int>{1};
        QTest::newRow("not an address, after comments")
            << QByteArray("# table\n\na@old.example,a@new.example\nb@old.example,bee\n") << QList<int>{4};
        QTest::newRow("conflict") << QByteArray("a@old.example,x@new.example\nA@old.example,y@new.example\n")
                                  << QList<int>{2};
        QTest::newRow("unterminated quote") << QByteArray("a@old.example,\"a@new.example\nb@old.example,b@new.example\n")
                                            << QList<int>{1};
        QTest::newRow("text after quote") << QByteArray("\"a@old.example\"x,a@new.example\nb@old.example,c\n")
                                          << QList<int>{1, 2};
        QTest::newRow("quoted newline counts lines")
            << QByteArray("\"a\nb@old.example\",x@new.example\nc@old.example,nope\n") << QList<int>{1, 3};
        QTest::newRow("bad utf-8") << QByteArray("a@old.example,\xC3(@new.example\n") << QList<int>{1};
        QTest::newRow("no header allowed later") << QByteArray("a@old.example,a@new.example\nold,new\n")
                                                 << QList<int>{2};
    }
    void csvErrors()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QList<int>, lines);
        AddressMap map;
        QVERIFY(map.addRule(u"keep@old.example=keep@new.example"));
        const QList<AddressMapIssue> issues = map.addCsv(csv);
        QList<int> got;
        for (const AddressMapIssue &i : issues) {
            got.append(i.line);
            QVERIFY(!i.message.isEmpty());
        }
        QCOMPARE(got, lines);
        // All or nothing: the earlier rule is still there, nothing from the file is.
        QCOMPARE(map.pairCount(), 1);
        QCOMPARE(map.patternCount(), 0);
        QCOMPARE(map.map(u"keep@old.example").value_or(QString()), u"keep@new.example"_s);
    }

    void splitRule()
    {
        QString o, n;
        QVERIFY(AddressMap::splitRule(u"a=b@x.example=c@y.example", o, n));
        QCOMPARE(o, u"a=b@x.example"_s);
        QCOMPARE(n, u"c@y.example"_s);
        QVERIFY(!AddressMap::splitRule(u"a=b", o, n));
    }
};

QTEST_GUILESS_MAIN(TestAddressMap)
#include "tst_addressmap.moc"
