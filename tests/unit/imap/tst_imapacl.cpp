// RFC 4314 ACL and RFC 2342 namespaces in the pure IMAP layer: the ACL, MYRIGHTS
// and LISTRIGHTS responses (atoms, quoted and literal identifiers), the command
// text of GETACL/MYRIGHTS/LISTRIGHTS/SETACL, NAMESPACE with all three kinds
// (NIL, empty lists), and the names of other users' and shared folders.
#include <imap/aclcommand.h>
#include <imap/imapfoldernames.h>
#include <imap/imapparser.h>
#include <imap/listcommand.h>

#include <QTest>

using namespace ferry;

namespace {
QByteArray wire(const ImapCommand &c)
{
    QByteArray out;
    for (const auto &s : c.segments())
        out += s.text + '{' + QByteArray::number(s.data.size()) + "+}\r\n" + s.data;
    return out + c.tail();
}

// Parses one response, fed in one piece and byte by byte; both must agree.
bool parseOne(const QByteArray &bytes, ImapResponse &out, QString &error)
{
    for (int mode = 0; mode < 2; ++mode) {
        ImapParser p;
        ImapParser::Event ev = ImapParser::NeedMore;
        if (mode == 0) {
            p.feed(bytes);
            ev = p.next();
        } else {
            for (qsizetype i = 0; i < bytes.size() && ev == ImapParser::NeedMore; ++i) {
                p.feed(bytes.mid(i, 1));
                ev = p.next();
            }
        }
        if (ev != ImapParser::Response) {
            error = ev == ImapParser::Error ? p.errorText() : QStringLiteral("no response");
            return false;
        }
        ImapResponse r = p.takeResponse();
        if (mode == 1 && (r.kind != out.kind || r.acl.kind != out.acl.kind || r.acl.identifiers != out.acl.identifiers
                          || r.acl.rights != out.acl.rights || r.acl.mailbox != out.acl.mailbox)) {
            error = QStringLiteral("byte-by-byte parse differs");
            return false;
        }
        out = std::move(r);
    }
    return true;
}

QByteArray dumpAcl(const ImapResponse &r)
{
    if (r.kind != ImapResponse::Other)
        return "NOT OTHER";
    QByteArray out = r.acl.kind == ImapAclData::Acl ? "ACL" : r.acl.kind == ImapAclData::MyRights ? "MYRIGHTS"
                   : r.acl.kind == ImapAclData::ListRights                                       ? "LISTRIGHTS"
                                                                                                  : "NONE";
    out += " <" + r.acl.mailbox + '>';
    for (const QByteArray &i : r.acl.identifiers)
        out += " id<" + i + '>';
    for (const QByteArray &x : r.acl.rights)
        out += " r<" + x + '>';
    return out;
}
} // namespace

class TestImapAcl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void responses_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("acl atoms") << QByteArray("* ACL INBOX alice lrswipkxtecda bob lr\r\n")
                                   << QByteArray("ACL <INBOX> id<alice> id<bob> r<lrswipkxtecda> r<lr>");
        QTest::newRow("acl quoted") << QByteArray("* ACL \"Work/Projects\" \"john smith\" \"lr\" anyone \"\"\r\n")
                                    << QByteArray("ACL <Work/Projects> id<john smith> id<anyone> r<lr> r<>");
        QTest::newRow("acl literal identifier")
            << QByteArray("* ACL \"Team\" {11}\r\nj\xC3\xBCrgen x y lrs\r\n")
            << QByteArray("ACL <Team> id<j\xC3\xBCrgen x y> r<lrs>");
        QTest::newRow("acl negative") << QByteArray("* ACL Shared -bob w bob lrsw\r\n")
                                      << QByteArray("ACL <Shared> id<-bob> id<bob> r<w> r<lrsw>");
        QTest::newRow("acl no entries") << QByteArray("* ACL Empty\r\n") << QByteArray("ACL <Empty>");
        QTest::newRow("acl lower case") << QByteArray("* acl inbox carol lr\r\n")
                                        << QByteArray("ACL <inbox> id<carol> r<lr>");
        QTest::newRow("myrights") << QByteArray("* MYRIGHTS \"Projects\" lrs\r\n")
                                  << QByteArray("MYRIGHTS <Projects> r<lrs>");
        QTest::newRow("myrights literal mailbox") << QByteArray("* MYRIGHTS {3}\r\nA B \"lr\"\r\n")
                                                  << QByteArray("MYRIGHTS <A B> r<lr>");
        QTest::newRow("listrights dovecot")
            << QByteArray("* LISTRIGHTS \"Projects\" \"carol\" \"\" l r w s t p i e k x a c d\r\n")
            << QByteArray("LISTRIGHTS <Projects> id<carol> r<> r<l> r<r> r<w> r<s> r<t> r<p> r<i> r<e> r<k> r<x> r<a> r<c> r<d>");
        QTest::newRow("listrights rfc example") << QByteArray("* LISTRIGHTS ~/Mail/saved smith la r swicdkxte\r\n")
                                                << QByteArray("LISTRIGHTS <~/Mail/saved> id<smith> r<la> r<r> r<swicdkxte>");
    }
    void responses()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, expected);
        ImapResponse r;
        QString error;
        QVERIFY2(parseOne(bytes, r, error), qPrintable(error));
        QCOMPARE(dumpAcl(r), expected);
        QCOMPARE(r.atoms.size(), 2); // still an Other response for everyone else
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("acl identifier without rights") << QByteArray("* ACL INBOX bob\r\n");
        QTest::newRow("myrights missing") << QByteArray("* MYRIGHTS INBOX\r\n");
        QTest::newRow("myrights two") << QByteArray("* MYRIGHTS INBOX lr sw\r\n");
        QTest::newRow("listrights without rights") << QByteArray("* LISTRIGHTS INBOX bob\r\n");
        QTest::newRow("acl unterminated quote") << QByteArray("* ACL \"INBOX bob lr\r\n");
    }
    void malformed()
    {
        QFETCH(QByteArray, bytes);
        ImapParser p;
        p.feed(bytes);
        QCOMPARE(p.next(), ImapParser::Error);
        QVERIFY(!p.errorText().isEmpty());
    }

    void toEntriesAndRights()
    {
        ImapAclData a;
        a.identifiers = {"alice", "bob"};
        a.rights = {"lrswipkxtecda", "lr"};
        const QList<AclEntry> e = AclCommand::toEntries(a);
        QCOMPARE(e.size(), 2);
        QCOMPARE(e.at(1).identifier, QStringLiteral("bob"));
        QCOMPARE(e.at(1).rights, QStringLiteral("lr"));
        ImapAclData l;
        l.identifiers = {"carol"};
        l.rights = {"la", "r", "swicdkxte"};
        const AclRightsInfo info = AclCommand::toRightsInfo(l);
        QCOMPARE(info.required, QStringLiteral("la"));
        QCOMPARE(info.optional, (QStringList{QStringLiteral("r"), QStringLiteral("swicdkxte")}));
        QCOMPARE(info.all(), QStringLiteral("larswicdkxte"));
    }

    void commands_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("getacl") << 0 << QByteArray("GETACL \"Work/Projects\"");
        QTest::newRow("myrights") << 1 << QByteArray("MYRIGHTS \"Work/Projects\"");
        QTest::newRow("listrights quoted id") << 2 << QByteArray("LISTRIGHTS \"Work/Projects\" \"john \\\"js\\\" smith\"");
        QTest::newRow("setacl add") << 3 << QByteArray("SETACL \"Work/Projects\" \"carol\" \"+lrs\"");
        QTest::newRow("setacl 8-bit id literal") << 4 << QByteArray("SETACL \"Work/Projects\" {7+}\r\nj\xC3\xBCrgen \"+l\"");
    }
    void commands()
    {
        QFETCH(int, which);
        QFETCH(QByteArray, expected);
        const QByteArray box = "Work/Projects";
        ImapCommand c;
        switch (which) {
        case 0: c = AclCommand::getAcl(box); break;
        case 1: c = AclCommand::myRights(box); break;
        case 2: c = AclCommand::listRights(box, "john \"js\" smith"); break;
        case 3: c = AclCommand::setAcl(box, "carol", "+lrs"); break;
        default: c = AclCommand::setAcl(box, "j\xC3\xBCrgen", "+l"); break;
        }
        QCOMPARE(wire(c), expected);
    }

    void namespaces_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("personal");
        QTest::addColumn<int>("others");
        QTest::addColumn<int>("shared");
        QTest::addColumn<QByteArray>("firstOther");
        QTest::newRow("dovecot shared") << QByteArray("* NAMESPACE ((\"\" \"/\")) ((\"shared/\" \"/\")) NIL\r\n")
                                        << 1 << 1 << 0 << QByteArray("shared/");
        QTest::newRow("all three") << QByteArray("* NAMESPACE ((\"INBOX.\" \".\")) ((\"#Users.\" \".\")) ((\"#shared.\" \".\")(\"Public.\" \".\"))\r\n")
                                   << 1 << 1 << 2 << QByteArray("#Users.");
        QTest::newRow("all nil") << QByteArray("* NAMESPACE NIL NIL NIL\r\n") << 0 << 0 << 0 << QByteArray();
        QTest::newRow("empty lists") << QByteArray("* NAMESPACE () () ()\r\n") << 0 << 0 << 0 << QByteArray();
        QTest::newRow("literal prefix") << QByteArray("* NAMESPACE ((\"\" \"/\")) (({6}\r\nOther/ \"/\")) NIL\r\n")
                                        << 1 << 1 << 0 << QByteArray("Other/");
    }
    void namespaces()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, personal);
        QFETCH(int, others);
        QFETCH(int, shared);
        QFETCH(QByteArray, firstOther);
        ImapParser p;
        p.feed(bytes);
        QCOMPARE(p.next(), ImapParser::Response);
        const ImapResponse r = p.takeResponse();
        QCOMPARE(r.kind, ImapResponse::Namespace);
        QCOMPARE(r.ns.personal.size(), personal);
        QCOMPARE(r.ns.otherUsers.size(), others);
        QCOMPARE(r.ns.shared.size(), shared);
        if (others)
            QCOMPARE(r.ns.otherUsers.first().prefix, firstOther);
    }

    void foreignNames_data()
    {
        QTest::addColumn<QByteArray>("native");
        QTest::addColumn<QStringList>("ref");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("owner");
        QTest::addColumn<QStringList>("below");
        QTest::addColumn<bool>("listed");
        const QString e;
        QTest::newRow("personal") << QByteArray("Work/Projects") << QStringList{u"Work"_qs, u"Projects"_qs}
                                  << int(NamespaceKind::Personal) << e << QStringList{} << true;
        QTest::newRow("other user's folder") << QByteArray("shared/bob/Projects")
                                             << QStringList{e, u"shared"_qs, u"bob"_qs, u"Projects"_qs}
                                             << int(NamespaceKind::OtherUsers) << u"bob"_qs
                                             << QStringList{u"Projects"_qs} << true;
        QTest::newRow("other user's mutf7 subfolder")
            << QByteArray("shared/bob/Caf&AOk-/2024") << QStringList{e, u"shared"_qs, u"bob"_qs, u"Café"_qs, u"2024"_qs}
            << int(NamespaceKind::OtherUsers) << u"bob"_qs << QStringList{u"Café"_qs, u"2024"_qs} << true;
        QTest::newRow("owner container") << QByteArray("shared/bob") << QStringList{e, u"shared"_qs, u"bob"_qs}
                                         << int(NamespaceKind::OtherUsers) << u"bob"_qs << QStringList{} << true;
        QTest::newRow("namespace root") << QByteArray("shared") << QStringList{e, u"shared"_qs}
                                        << int(NamespaceKind::OtherUsers) << e << QStringList{} << false;
        QTest::newRow("public folder") << QByteArray("Public/Announcements")
                                       << QStringList{e, u"Public"_qs, u"Announcements"_qs}
                                       << int(NamespaceKind::Shared) << u"Public"_qs
                                       << QStringList{u"Announcements"_qs} << true;
    }
    void foreignNames()
    {
        QFETCH(QByteArray, native);
        QFETCH(QStringList, ref);
        QFETCH(int, kind);
        QFETCH(QString, owner);
        QFETCH(QStringList, below);
        QFETCH(bool, listed);
        ImapFolderNames n;
        n.setPersonal("", '/');
        n.setForeign({{"shared/", '/', NamespaceKind::OtherUsers}, {"Public/", '/', NamespaceKind::Shared}});
        const FolderRef r = n.toRef(native);
        QCOMPARE(r.path, ref);
        QCOMPARE(r.isForeign(), kind != int(NamespaceKind::Personal));
        QCOMPARE(n.toNative(r), native);
        FolderInfo info;
        QCOMPARE(n.describe(native, info), listed);
        QCOMPARE(int(info.namespaceKind), kind);
        if (listed) {
            QCOMPARE(info.owner, owner);
            QCOMPARE(info.pathInNamespace, below);
        }
        // A personal folder named like the shared one never collides with it.
        if (r.isForeign()) {
            QVERIFY(r != FolderRef{ref.mid(1)});
            QVERIFY(r.display().startsWith(QLatin1Char('/')));
        }
    }

    void foreignNamesOnDotServer()
    {
        ImapFolderNames n;
        n.setPersonal("INBOX.", '.');
        n.setForeign({{"#Users.", '.', NamespaceKind::OtherUsers}, {"#shared.", '.', NamespaceKind::Shared}});
        // Personal "INBOX.shared.x" and shared "#shared.x" are different refs.
        const FolderRef personal = n.toRef("INBOX.#shared.x");
        const FolderRef shared = n.toRef("#shared.x");
        QCOMPARE(personal.path, (QStringList{u"#shared"_qs, u"x"_qs}));
        QCOMPARE(shared.path, (QStringList{QString(), u"#shared"_qs, u"x"_qs}));
        QVERIFY(personal != shared);
        QCOMPARE(n.toNative(shared), QByteArray("#shared.x"));
        QCOMPARE(n.toNative(personal), QByteArray("INBOX.#shared.x"));
        QCOMPARE(n.toNative(n.toRef("#Users.bob.Sent")), QByteArray("#Users.bob.Sent"));
        FolderInfo info;
        QVERIFY(n.describe("#Users.bob.Sent", info));
        QCOMPARE(info.owner, u"bob"_qs);
        QVERIFY(!n.isPersonal("#Users.bob.Sent"));
    }

    void listUnderPrefix()
    {
        QCOMPARE(wire(ListCommand::listUnder("shared/", false)), QByteArray("LIST \"\" \"shared/*\""));
        QCOMPARE(wire(ListCommand::listUnder("#Users.", true)),
                 QByteArray("LIST \"\" \"#Users.*\" RETURN (SUBSCRIBED SPECIAL-USE)"));
        QCOMPARE(wire(ListCommand::lsubUnder("shared/")), QByteArray("LSUB \"\" \"shared/*\""));
    }
};

QTEST_GUILESS_MAIN(TestImapAcl)
#include "tst_imapacl.moc"
