#include "statestore.h"
// placeholder; being written
