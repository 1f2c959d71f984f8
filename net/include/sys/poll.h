/* sys/poll.h - the old name of poll.h. */
#ifndef GORO_SYS_POLL_H
#define GORO_SYS_POLL_H

#include <poll.h>

#endif
