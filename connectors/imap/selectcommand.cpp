#include "selectcommand.h"

namespace ferry {

ImapCommand SelectCommand::command(const QByteArray &native, bool readOnly, bool condstore)
{
    ImapCommand c(readOnly ? "EXAMINE " : "SELECT ");
    c.string(native);
    if (condstore)
        c.raw(" (CONDSTORE)");
    return c;
}

void SelectCommand::onUntagged(const ImapResponse &r)
{
    switch (r.kind) {
    case ImapResponse::Exists:
        m_state.count = r.number;
        break;
    case ImapResponse::Status: {
        const ImapResponseCode &c = r.status.code;
        if (c.is("UIDVALIDITY"))
            m_state.validity = c.number(0);
        else if (c.is("UIDNEXT"))
            m_state.nextId = c.number(0);
        else if (c.is("HIGHESTMODSEQ"))
            m_state.changeToken = c.number(0);
        else if (c.is("NOMODSEQ"))
            m_state.changeToken = 0;
        else if (c.is("PERMANENTFLAGS")) {
            m_state.permanentFlags.clear();
            for (const QByteArray &f : c.args)
                m_state.permanentFlags.append(QString::fromUtf8(f));
            m_state.permanentFlagsKnown = true;
        }
        break;
    }
    default:
        break;
    }
}

FolderState SelectCommand::finish(const ImapResponse &tagged, bool examined)
{
    const ImapResponseCode &c = tagged.status.code;
    if (c.is("READ-ONLY"))
        m_state.readOnly = true;
    else if (c.is("READ-WRITE"))
        m_state.readOnly = false;
    else
        m_state.readOnly = examined;
    return m_state;
}

} // namespace ferry
