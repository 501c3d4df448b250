#include "itemtransformer.h"

namespace ferry {

QByteArray findUid(const QByteArray &bytes)
{
    qsizetype at = 0;
    while (at < bytes.size()) {
        const qsizetype end = bytes.indexOf('\n', at);
        const qsizetype stop = end < 0 ? bytes.size() : end;
        if (stop - at > 4 && qstrnicmp(bytes.constData() + at, "UID:", 4) == 0)
            return bytes.mid(at + 4, stop - at - 4).trimmed();
        at = stop + 1;
    }
    return {};
}

TransformResult IdentityTransformer::prepare(const FolderInfo &, ItemMeta &meta, ItemBody &&body)
{
    if (meta.uid.isEmpty() && body.inMemory())
        meta.uid = findUid(body.bytes());
    TransformResult r;
    r.body = std::move(body);
    return r;
}

} // namespace ferry
