// Redactor: every form of a secret, the line rules, and what must stay.
#include <diagnostics/redactor.h>

#include <QTest>

using ferry::diagnostics::Redactor;

class TestRedactor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void secrets_data();
    void secrets();
    void lineRules_data();
    void lineRules();
    void shortSecretIgnored();
};

void TestRedactor::secrets_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<QByteArray>("leak");

    const QByteArray pw = "tgt-P4ss%8c1e66b0";
    QTest::newRow("plain") << pw << QByteArray() << QByteArray("error: " + pw + " rejected");
    QTest::newRow("base64") << pw << QByteArray() << QByteArray("x " + pw.toBase64() + " y");
    QTest::newRow("base64url") << QByteArray("a?b>c~d?") << QByteArray()
                               << QByteArray("t=" + QByteArray("a?b>c~d?").toBase64(QByteArray::Base64UrlEncoding));
    QTest::newRow("percent") << pw << QByteArray() << QByteArray("https://h/?p=" + pw.toPercentEncoding());
    QTest::newRow("json") << QByteArray("pa\"ss\\word") << QByteArray() << QByteArray("{\"p\":\"pa\\\"ss\\\\word\"}");
    // AUTHENTICATE PLAIN, user known and unknown (alignment cores).
    for (const char *u : {"bob", "alice", "fred@example.org"}) {
        const QByteArray user(u);
        QByteArray plain;
        plain.append('\0').append(user).append('\0').append(pw);
        QTest::newRow(("plain sasl, user known: " + user).constData()) << pw << user << plain.toBase64();
        QTest::newRow(("plain sasl, user unknown: " + user).constData()) << pw << QByteArray() << plain.toBase64();
        QTest::newRow(("basic, user unknown: " + user).constData())
            << pw << QByteArray() << QByteArray(user + ':' + pw).toBase64();
    }
    QTest::newRow("utf-8 secret") << QByteArray("pässwörd-42") << QByteArray()
                                  << QByteArray("x=" + QByteArray("pässwörd-42").toPercentEncoding());
}

void TestRedactor::secrets()
{
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, user);
    QFETCH(QByteArray, leak);
    Redactor r;
    if (user.isEmpty())
        r.addSecret(secret);
    else
        r.addCredentials(user, secret);
    const QByteArray out = r.redact(leak);
    QVERIFY2(out.contains("<redacted>"), out.constData());
    // No form of the secret survives (checked the way the integration test does).
    QVERIFY(!out.contains(secret));
    QVERIFY(!out.contains(secret.toBase64()));
    QVERIFY(!out.contains(leak) || leak.isEmpty());
    QByteArray plain;
    plain.append('\0').append(user).append('\0').append(secret);
    QVERIFY(!out.contains(plain.toBase64()));
}

void TestRedactor::lineRules_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");

    QTest::newRow("authorization") << QByteArray("  1.0 C #1 Authorization: Basic Ym9iOnB3\n")
                                   << QByteArray("  1.0 C #1 Authorization: <redacted>\n");
    QTest::newRow("lower-case, no space") << QByteArray("authorization:Bearer abc.def")
                                          << QByteArray("authorization:<redacted>");
    QTest::newRow("proxy") << QByteArray("Proxy-Authorization: Basic xyz") << QByteArray("Proxy-Authorization: <redacted>");
    QTest::newRow("cookie") << QByteArray("Cookie: sid=42") << QByteArray("Cookie: <redacted>");
    QTest::newRow("set-cookie") << QByteArray("S #2 Set-Cookie: sid=42; Path=/") << QByteArray("S #2 Set-Cookie: <redacted>");
    QTest::newRow("already redacted") << QByteArray("Authorization: <redacted>") << QByteArray("Authorization: <redacted>");
    QTest::newRow("bearer token in text") << QByteArray("sent Bearer eyJhbGciOiJIUzI1NiJ9.e30 to x")
                                          << QByteArray("sent Bearer <redacted> to x");
    QTest::newRow("imap login") << QByteArray("  0.5 C A1 LOGIN \"fred\" \"s3cret\"\n")
                                << QByteArray("  0.5 C A1 LOGIN <redacted>\n");
    QTest::newRow("imap login lower") << QByteArray("C a001 login fred s3cret") << QByteArray("C a001 login <redacted>");
    QTest::newRow("imap authenticate") << QByteArray("C F1 AUTHENTICATE PLAIN AGZyZWQAczNjcmV0")
                                       << QByteArray("C F1 AUTHENTICATE PLAIN <redacted>");
    QTest::newRow("login redacted stays") << QByteArray("C F1 LOGIN <redacted>") << QByteArray("C F1 LOGIN <redacted>");
    // What must stay.
    QTest::newRow("server refusal") << QByteArray("S F1 NO [AUTHENTICATIONFAILED] LOGIN failed.")
                                    << QByteArray("S F1 NO [AUTHENTICATIONFAILED] LOGIN failed.");
    QTest::newRow("capability") << QByteArray("S * CAPABILITY IMAP4rev1 LOGIN-REFERRALS AUTH=PLAIN AUTH=LOGIN")
                                << QByteArray("S * CAPABILITY IMAP4rev1 LOGIN-REFERRALS AUTH=PLAIN AUTH=LOGIN");
    QTest::newRow("www-authenticate") << QByteArray("WWW-Authenticate: Basic realm=\"Radicale\"")
                                      << QByteArray("WWW-Authenticate: Basic realm=\"Radicale\"");
    QTest::newRow("folder") << QByteArray("C F9 EXAMINE \"Work/2024\"") << QByteArray("C F9 EXAMINE \"Work/2024\"");
    QTest::newRow("multi-line") << QByteArray("a\nCookie: x=1\nb\n") << QByteArray("a\nCookie: <redacted>\nb\n");
}

void TestRedactor::lineRules()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    Redactor r;
    QCOMPARE(r.redact(in), out);
}

void TestRedactor::shortSecretIgnored()
{
    Redactor r;
    r.addSecret("abc");
    QCOMPARE(r.secretCount(), 0);
    QCOMPARE(r.redact("abcabc"), QByteArray("abcabc"));
}

QTEST_GUILESS_MAIN(TestRedactor)
#include "tst_redactor.moc"
