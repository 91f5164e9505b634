/* Handlers of documents, results and verification (issue 5), and the JSON
 * shapes they share. Layer: api. */
#ifndef MOTCUA_API_DOCUMENTS_H
#define MOTCUA_API_DOCUMENTS_H

#include "http/http.h"
#include "model/document.h"

json_t *api_document_json(const struct document *d);
json_t *api_result_json(const struct result_row *r);

void api_components_get(struct http_request *req);
void api_component_attach(struct http_request *req);
void api_component_reuse(struct http_request *req);
void api_upload_stage(struct http_request *req);
void api_upload_drop(struct http_request *req);
void api_component_exempt(struct http_request *req);
void api_document_download(struct http_request *req);
void api_store_own(struct http_request *req);
void api_store_of_dossier(struct http_request *req);
void api_result_draft(struct http_request *req);
void api_result_draft_get(struct http_request *req);
void api_result_issue(struct http_request *req);
void api_verify_get(struct http_request *req);
void api_verify_post(struct http_request *req);

#endif
