// ZipWriter: the structure checked byte by byte here (local headers, central
// directory, end record, CRC-32, sizes, UTF-8 flag), the deflated members
// inflated back, and the whole archive read by Python's zipfile when python3
// is installed.
#include <diagnostics/crc32.h>
#include <diagnostics/zipwriter.h>

#include <QCryptographicHash>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace ferry::diagnostics;

// Owner, group and other bits (Qt's "User" bits repeat the owner's for us).
static const QFileDevice::Permissions kOwnerGroupOther(0x7077);

namespace {

quint16 u16(const QByteArray &b, qsizetype at) { return qFromLittleEndian<quint16>(b.constData() + at); }
quint32 u32(const QByteArray &b, qsizetype at) { return qFromLittleEndian<quint32>(b.constData() + at); }

// RFC 1950 §8.2, for wrapping raw deflate data back into a zlib stream.
quint32 adler32(const QByteArray &data)
{
    quint32 a = 1, b = 0;
    for (const char c : data) {
        a = (a + uchar(c)) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

struct Member {
    QByteArray name;
    QByteArray data;
};

QList<Member> members()
{
    QByteArray big;
    for (int i = 0; i < 5000; ++i)
        big += "  12.345678 S * " + QByteArray::number(i) + " FETCH (UID " + QByteArray::number(i) + " FLAGS (\\Seen))\n";
    QByteArray random;
    quint32 x = 12345;
    for (int i = 0; i < 4096; ++i) {
        x = x * 1103515245u + 12345u;
        random.append(char(x >> 24));
    }
    return {{"README.txt", "hello\n"},
            {"empty.txt", ""},
            {"traces/imap-127.0.0.1-1.log", big},
            {"reports/Entwürfe 📬.json", "{\"a\": 1}\n"},
            {"random.bin", random}};
}

} // namespace

class TestZipWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void crc32_data();
    void crc32();
    void structure();
    void pythonReadsIt();
    void refusesBadNames();
};

void TestZipWriter::crc32_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<quint32>("crc");
    QTest::newRow("empty") << QByteArray() << 0u;
    QTest::newRow("check value") << QByteArray("123456789") << 0xCBF43926u; // the CRC-32 check value
    QTest::newRow("a") << QByteArray("a") << 0xE8B7BE43u;
    QTest::newRow("fox") << QByteArray("The quick brown fox jumps over the lazy dog") << 0x414FA339u;
}

void TestZipWriter::crc32()
{
    QFETCH(QByteArray, data);
    QFETCH(quint32, crc);
    QCOMPARE(ferry::diagnostics::crc32(data), crc);
    // Continuing over pieces gives the same value.
    const qsizetype half = data.size() / 2;
    QCOMPARE(ferry::diagnostics::crc32(data.mid(half), ferry::diagnostics::crc32(data.left(half))), crc);
}

void TestZipWriter::structure()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.zip"));
    ZipWriter zip;
    QVERIFY(zip.open(path));
    const QList<Member> in = members();
    for (const Member &m : in)
        QVERIFY2(zip.addFile(QString::fromUtf8(m.name), m.data, QDateTime(QDate(2024, 5, 17), QTime(13, 45, 30))),
                 qPrintable(zip.errorString()));
    QVERIFY(zip.close());
    QCOMPARE(QFile::permissions(path) & kOwnerGroupOther, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray z = f.readAll();
    // End of central directory: the last 22 bytes (no comment).
    const qsizetype end = z.size() - 22;
    QCOMPARE(u32(z, end), 0x06054b50u);
    QCOMPARE(u16(z, end + 8), quint16(in.size()));
    QCOMPARE(u16(z, end + 10), quint16(in.size()));
    const quint32 cdSize = u32(z, end + 12);
    const quint32 cdOffset = u32(z, end + 16);
    QCOMPARE(qsizetype(cdOffset + cdSize), end);

    qsizetype p = cdOffset;
    bool sawDeflate = false;
    for (const Member &m : in) {
        QCOMPARE(u32(z, p), 0x02014b50u);
        const quint16 flags = u16(z, p + 8);
        QVERIFY(flags & (1 << 11)); // UTF-8 names
        const quint16 method = u16(z, p + 10);
        QVERIFY(method == 0 || method == 8);
        const quint16 time = u16(z, p + 12);
        const quint16 date = u16(z, p + 14);
        QCOMPARE(time, quint16((13 << 11) | (45 << 5) | 15));
        QCOMPARE(date, quint16(((2024 - 1980) << 9) | (5 << 5) | 17));
        const quint32 crc = u32(z, p + 16);
        const quint32 csize = u32(z, p + 20);
        const quint32 usize = u32(z, p + 24);
        const quint16 nameLen = u16(z, p + 28);
        const quint32 external = u32(z, p + 38);
        const quint32 localOffset = u32(z, p + 42);
        QCOMPARE(z.mid(p + 46, nameLen), m.name);
        QCOMPARE(crc, ferry::diagnostics::crc32(m.data));
        QCOMPARE(usize, quint32(m.data.size()));
        QCOMPARE(external >> 16, 0100600u);

        // The local header says the same.
        QCOMPARE(u32(z, localOffset), 0x04034b50u);
        QCOMPARE(u16(z, localOffset + 8), method);
        QCOMPARE(u32(z, localOffset + 14), crc);
        QCOMPARE(u32(z, localOffset + 18), csize);
        QCOMPARE(u32(z, localOffset + 22), usize);
        QCOMPARE(z.mid(localOffset + 30, u16(z, localOffset + 26)), m.name);
        const QByteArray payload = z.mid(localOffset + 30 + nameLen + u16(z, localOffset + 28), csize);
        if (method == 0) {
            QCOMPARE(payload, m.data);
        } else {
            sawDeflate = true;
            QVERIFY(csize < usize);
            // Inflate with qUncompress: put the zlib header/trailer back around it.
            QByteArray zlib;
            zlib.resize(4);
            qToBigEndian<quint32>(usize, zlib.data());
            zlib.append(char(0x78)).append(char(0x9c)).append(payload);
            QByteArray adler(4, '\0');
            qToBigEndian<quint32>(adler32(m.data), adler.data());
            zlib.append(adler);
            QCOMPARE(qUncompress(zlib), m.data);
        }
        p += 46 + nameLen + u16(z, p + 30) + u16(z, p + 32);
    }
    QVERIFY(sawDeflate);
    QCOMPARE(p, end);
}

void TestZipWriter::pythonReadsIt()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.zip"));
    ZipWriter zip;
    QVERIFY(zip.open(path));
    const QList<Member> in = members();
    for (const Member &m : in)
        QVERIFY(zip.addFile(QString::fromUtf8(m.name), m.data));
    QVERIFY(zip.close());

    // Python prints "name<TAB>size<TAB>sha256" per member after testzip().
    const QString script = QStringLiteral(
        "import hashlib, sys, zipfile\n"
        "z = zipfile.ZipFile(sys.argv[1])\n"
        "assert z.testzip() is None\n"
        "for i in z.infolist():\n"
        "    d = z.read(i)\n"
        "    print('%s\\t%d\\t%s' % (i.filename, len(d), hashlib.sha256(d).hexdigest()))\n");
    QProcess p;
    p.start(python, {QStringLiteral("-c"), script, path});
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QList<QByteArray> cols = lines[i].split('\t');
        QCOMPARE(cols.value(0), in[i].name);
        QCOMPARE(cols.value(1).toLongLong(), qint64(in[i].data.size()));
        QCOMPARE(cols.value(2), QCryptographicHash::hash(in[i].data, QCryptographicHash::Sha256).toHex());
    }
}

void TestZipWriter::refusesBadNames()
{
    QTemporaryDir dir;
    ZipWriter zip;
    QVERIFY(zip.open(dir.filePath(QStringLiteral("t.zip"))));
    QVERIFY(!zip.addFile(QStringLiteral("/etc/passwd"), "x"));
    QVERIFY(!zip.errorString().isEmpty());
    ZipWriter other;
    QVERIFY(other.open(dir.filePath(QStringLiteral("u.zip"))));
    QVERIFY(!other.addFile(QString(), "x"));
    QVERIFY(!other.addFile(QStringLiteral("a\\b"), "x"));
}

QTEST_GUILESS_MAIN(TestZipWriter)
#include "tst_zipwriter.moc"
