// A loopback IMAP server for tests that replays a Transcript over TLS (OpenSSL,
// server side) in its own thread, and checks every line the client sends against
// it. Listens on 127.0.0.1 on a free port; serves exactly one connection, then
// closes the listening socket so a reconnect attempt is refused quickly.
//
// Everything is bounded: it waits at most Options::ioTimeoutMs for any client
// data, at most Options::acceptTimeoutMs for the connection, and stop() (also
// run by the destructor) ends the thread promptly.
//
// Typical use:
//   FakeImapServer server;
//   QVERIFY2(server.start(options, transcript, &error), qPrintable(error));
//   …drive the client against server.port()…
//   QVERIFY2(server.waitFinished(10000) && server.succeeded(), qPrintable(server.report()));
#pragma once

#include "transcript.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace ferry::test {

class FakeImapServer {
public:
    struct Options {
        QString certFile;           // PEM chain; ignored when silent
        QString keyFile;
        int maxTlsVersion = 0;      // e.g. TLS1_1_VERSION to offer only old TLS; 0 = library default
        bool silent = false;        // accept TCP and never send a byte (no TLS at all)
        int ioTimeoutMs = 5000;     // how long to wait for the client at any step
        int acceptTimeoutMs = 20000;
    };

    FakeImapServer();
    ~FakeImapServer();
    FakeImapServer(const FakeImapServer &) = delete;
    FakeImapServer &operator=(const FakeImapServer &) = delete;

    // Listens and starts the thread. False with `error` if the TLS context or
    // socket cannot be set up (e.g. the library refuses maxTlsVersion).
    bool start(const Options &options, const Transcript &transcript, QString *error);
    quint16 port() const;

    // Waits until the session is over: transcript played and client gone,
    // a mismatch, a dropped connection, or a timeout. True if it ended in time.
    bool waitFinished(int timeoutMs);
    // Ends the session now (idempotent; also done by the destructor).
    void stop();

    // The whole transcript was played and every client line matched.
    bool succeeded() const;
    int connectionCount() const;
    // The first mismatch (with file:line, expected and received), the TLS
    // handshake error if any, and the last lines of the conversation.
    QString report() const;
    QString handshakeError() const;
    // Every literal the client sent, in order (APPEND bodies, …).
    QList<QByteArray> receivedLiterals() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ferry::test
