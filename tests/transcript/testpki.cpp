#include "testpki.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <connector/endpoint.h>

namespace ferry::test {
namespace {

QString opensslBinary()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

bool runOpenssl(const QStringList &args, const QString &workDir, QString *error, QByteArray *out)
{
    const QString exe = opensslBinary();
    if (exe.isEmpty()) {
        *error = QStringLiteral("the openssl command line tool is not installed");
        return false;
    }
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.start(exe, args);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished(1000);
        *error = QStringLiteral("openssl %1 did not finish").arg(args.join(QLatin1Char(' ')));
        return false;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("openssl %1 failed: %2")
                     .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAllStandardError()));
        return false;
    }
    if (out)
        *out = p.readAllStandardOutput();
    return true;
}

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size()) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace

bool TestPki::run(const QStringList &args, QString *error, QByteArray *out) const
{
    return runOpenssl(args, m_dir.path(), error, out);
}

bool TestPki::generate(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    // EC P-256 keys: generated in milliseconds, unlike RSA.
    const QStringList newKey = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                                QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    const auto selfSigned = [&](const QString &base, const QString &cn, const QStringList &exts) {
        QStringList args = {QStringLiteral("req"), QStringLiteral("-x509")};
        args << newKey << QStringLiteral("-keyout") << base + QStringLiteral(".key") << QStringLiteral("-out")
             << base + QStringLiteral(".pem") << QStringLiteral("-days") << QStringLiteral("2")
             << QStringLiteral("-subj") << QStringLiteral("/CN=") + cn;
        for (const QString &e : exts)
            args << QStringLiteral("-addext") << e;
        return run(args, error);
    };
    const auto signedByCa = [&](const QString &base, const QString &cn, const QString &san) {
        QStringList req = {QStringLiteral("req"), QStringLiteral("-new")};
        req << newKey << QStringLiteral("-keyout") << base + QStringLiteral(".key") << QStringLiteral("-out")
            << base + QStringLiteral(".csr") << QStringLiteral("-subj") << QStringLiteral("/CN=") + cn;
        const QString extFile = base + QStringLiteral(".ext");
        const QByteArray ext = "basicConstraints=critical,CA:FALSE\n"
                               "keyUsage=critical,digitalSignature,keyEncipherment\n"
                               "extendedKeyUsage=serverAuth\n"
                               "subjectAltName=" + san.toLatin1() + "\n";
        return run(req, error) && writeFile(path(extFile), ext, error)
               && run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), base + QStringLiteral(".csr"),
                       QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                       QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-sha256"), QStringLiteral("-extfile"), extFile, QStringLiteral("-out"),
                       base + QStringLiteral(".pem")},
                      error);
    };
    return selfSigned(QStringLiteral("ca"), QStringLiteral("Ferry Test CA"),
                      {QStringLiteral("basicConstraints=critical,CA:TRUE"),
                       QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")})
           && signedByCa(QStringLiteral("server"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("IP:127.0.0.1,DNS:localhost"))
           && signedByCa(QStringLiteral("otherhost"), QStringLiteral("mail.example.org"),
                         QStringLiteral("DNS:mail.example.org"))
           && selfSigned(QStringLiteral("selfsigned"), QStringLiteral("127.0.0.1"),
                         {QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost")});
}

QByteArray TestPki::sha256Of(const QString &certFile, QString *error)
{
    QByteArray out;
    if (!runOpenssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                     QStringLiteral("-sha256"), QStringLiteral("-in"), certFile},
                    QString(), error, &out))
        return {};
    // "sha256 Fingerprint=AB:CD:…" (the label's spelling varies between versions)
    const int eq = out.indexOf('=');
    const QByteArray raw = parseFingerprint(QString::fromLatin1(out.mid(eq + 1).trimmed()));
    if (raw.isEmpty())
        *error = QStringLiteral("unexpected openssl output: %1").arg(QString::fromLatin1(out));
    return raw;
}

} // namespace ferry::test
