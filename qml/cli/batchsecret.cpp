#include "batchsecret.h"

#include <QFile>
#include <QRegularExpression>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace ferry::cli {

std::optional<SecretRef> SecretRef::parse(const QString &textIn)
{
    const QString text = textIn.trimmed();
    SecretRef r;
    if (text == u"prompt"_s) {
        r.kind = Kind::Prompt;
        return r;
    }
    if (text.startsWith(u"env:"_s)) {
        static const QRegularExpression name(u"\\A[A-Za-z_][A-Za-z0-9_]*\\z"_s);
        r.kind = Kind::Env;
        r.value = text.mid(4);
        if (!name.match(r.value).hasMatch())
            return std::nullopt;
        return r;
    }
    if (text.startsWith(u"file:"_s)) {
        r.kind = Kind::File;
        r.value = text.mid(5);
        if (r.value.isEmpty())
            return std::nullopt;
        return r;
    }
    return std::nullopt;
}

QString SecretRef::toString() const
{
    switch (kind) {
    case Kind::Env: return u"env:"_s + value;
    case Kind::File: return u"file:"_s + value;
    case Kind::Prompt: break;
    }
    return u"prompt"_s;
}

namespace {

Error refused(const QString &what, const QString &why, const QString &hint)
{
    return Error::make(ErrorCode::Usage, u"%1: %2"_s.arg(what, why), {}, hint);
}

Result<std::shared_ptr<const Secret>> fromFile(const QString &path, const QString &what)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat st {};
    if (::stat(native.constData(), &st) != 0)
        return refused(what, u"there is no file %1"_s.arg(path), u"write the password into that file (chmod 600)"_s);
    if (!S_ISREG(st.st_mode))
        return refused(what, u"%1 is not a file"_s.arg(path), {});
    // A password file others can read is a leaked password; one others can write
    // lets them choose where the mail goes. Refuse both rather than warn.
    if (st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH))
        return refused(what,
                       u"%1 can be read or changed by other users (mode %2) — a password file must be private"_s
                           .arg(path, QString::number(st.st_mode & 0777, 8).rightJustified(4, u'0')),
                       u"run: chmod 600 %1"_s.arg(path));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return refused(what, u"cannot read %1: %2"_s.arg(path, f.errorString()), {});
    QByteArray line = f.readLine(64 * 1024);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return refused(what, u"the first line of %1 is empty"_s.arg(path), u"put the password on the first line"_s);
    return std::make_shared<const Secret>(std::move(line));
}

} // namespace

Result<std::shared_ptr<const Secret>> resolveSecret(const SecretRef &ref, const QString &what,
                                                    const QString &promptText, const PasswordPrompt &prompt)
{
    switch (ref.kind) {
    case SecretRef::Kind::Env: {
        const QByteArray name = ref.value.toLatin1();
        if (!qEnvironmentVariableIsSet(name.constData()))
            return refused(what, u"the environment variable %1 is not set"_s.arg(ref.value),
                           u"export %1 before running the batch"_s.arg(ref.value));
        QByteArray v = qgetenv(name.constData());
        if (v.isEmpty())
            return refused(what, u"the environment variable %1 is empty"_s.arg(ref.value), {});
        return std::make_shared<const Secret>(std::move(v));
    }
    case SecretRef::Kind::File:
        return fromFile(ref.value, what);
    case SecretRef::Kind::Prompt: {
        QByteArray typed;
        if (!prompt || !prompt(promptText, typed))
            return refused(what, u"no terminal to ask for the password on"_s,
                           u"run the batch on a terminal, or use env:VAR or file:PATH"_s);
        if (typed.isEmpty())
            return refused(what, u"no password typed"_s, {});
        return std::make_shared<const Secret>(std::move(typed));
    }
    }
    return refused(what, u"unknown password reference"_s, {});
}

} // namespace ferry::cli
