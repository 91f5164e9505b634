/* Rows of documents (issue 5): see repo_documents.c. Layer: repo. */
#ifndef MOTCUA_REPO_DOCUMENTS_H
#define MOTCUA_REPO_DOCUMENTS_H

#include "repo/repo.h"

#endif
