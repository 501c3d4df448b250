#include "itemtransformer.h"

namespace ferry {

TransformResult IdentityTransformer::prepare(const FolderInfo &, ItemMeta &meta, ItemBody &&body)
{
    if (meta.uid.isEmpty() && body.inMemory())
        meta.uid = objectUid(body.bytes());
    TransformResult r;
    r.body = std::move(body);
    return r;
}

} // namespace ferry
