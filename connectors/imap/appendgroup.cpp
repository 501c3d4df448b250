#include "appendgroup.h"

#include "appendcommand.h"

namespace ferry {

bool AppendGroup::settled() const
{
    return answer.status.kind == ImapStatus::Ok || members.size() <= 1;
}

std::vector<StoreResult> AppendGroup::results() const
{
    std::vector<StoreResult> out;
    out.reserve(members.size());
    const QString where = folder.display();
    if (members.size() == 1 || answer.status.kind != ImapStatus::Ok) {
        for (const Member &m : members)
            out.push_back(AppendCommand::result(m.request.token, answer, where));
        return out;
    }
    const ImapResponseCode &code = answer.status.code;
    quint64 validity = 0;
    QList<QByteArray> uids;
    if (code.is("APPENDUID") && code.args.size() >= 2) {
        validity = code.number(0);
        uids = AppendCommand::expandUidSet(code.args.at(1), qsizetype(members.size()));
    }
    const bool mapped = uids.size() == qsizetype(members.size());
    for (size_t i = 0; i < members.size(); ++i) {
        StoreResult r;
        r.token = members[i].request.token;
        r.newValidity = validity;
        if (mapped)
            r.newId = uids.at(qsizetype(i));
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace ferry
