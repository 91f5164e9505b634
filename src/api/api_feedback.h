/* Feedback on regulations and service (api_feedback.c, issue 14). Layer: api. */
#ifndef MOTCUA_API_API_FEEDBACK_H
#define MOTCUA_API_API_FEEDBACK_H

#include "http/http.h"

void api_feedback_create(struct http_request *req);
void api_feedback_list(struct http_request *req);
void api_feedback_get(struct http_request *req);
void api_feedback_act(struct http_request *req);
void api_feedback_track(struct http_request *req);
void api_feedback_sender(struct http_request *req);
void api_feedback_answers(struct http_request *req);
void api_feedback_mine(struct http_request *req);
void api_feedback_mine_get(struct http_request *req);
void api_feedback_mine_act(struct http_request *req);

#endif
