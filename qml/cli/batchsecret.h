// Password references of `ferry-cli batch`: a users file names where each password
// is, never the password itself —
//   env:VARNAME   the value of an environment variable (read once, then unset)
//   file:PATH     the first line of a file that only its owner may read or write
//   prompt        asked on the terminal without echo
// Anything else is refused, so a password typed into the spreadsheet is never read,
// copied or echoed (the messages name the column, never the cell's text).
#pragma once

#include <connector/endpoint.h>
#include <error.h>

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace ferry::cli {

struct SecretRef {
    enum class Kind { Env, File, Prompt };
    Kind kind = Kind::Prompt;
    QString value;     // the variable's name or the file's path; empty for prompt

    // nullopt when `text` is not one of the three forms (an environment variable
    // name is [A-Za-z_][A-Za-z0-9_]*; a path is not empty).
    static std::optional<SecretRef> parse(const QString &text);
    QString toString() const;  // "env:NAME", "file:PATH", "prompt" (holds no secret)
    bool operator==(const SecretRef &o) const { return kind == o.kind && value == o.value; }
};

// Asks for a password without echo; false when there is no terminal.
using PasswordPrompt = std::function<bool(const QString &prompt, QByteArray &out)>;

// The password `ref` points at. `what` names it in errors and the prompt
// ("row 3 (anna): to_password"). Errors (ErrorCode::Usage): the variable is not set
// or empty; the file is missing, not a regular file, readable or writable by group
// or others (with the chmod that fixes it), or its first line is empty; no terminal
// to prompt on. The environment is left as it is (the caller unsets what it used).
Result<std::shared_ptr<const Secret>> resolveSecret(const SecretRef &ref, const QString &what,
                                                    const QString &promptText, const PasswordPrompt &prompt);

} // namespace ferry::cli
