/* What server.c needs of the event-stream hub (sse.c). Layer: http
 * (internal; includes microhttpd.h). */
#ifndef MOTCUA_HTTP_SSE_IMPL_H
#define MOTCUA_HTTP_SSE_IMPL_H

#include <microhttpd.h>

/* The response for a request answered with http_reply_stream(); it takes
 * over the stream (freed by MHD when the connection ends, or here on
 * failure, when it returns NULL). */
struct MHD_Response *http_sse_response(void *stream, struct MHD_Connection *conn);
/* Frees a stream that never became a response. */
void http_sse_discard(void *stream);
/* Ends every stream and stops the heartbeat; call before MHD_stop_daemon. */
void http_sse_shutdown(void);

#endif
