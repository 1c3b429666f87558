"""The gift catalogue: shipped data, embeddings, the Chroma index and filtered search.

Modules, one job each:

- `catalog`: the `CatalogItem` model and reading JSON Lines files;
- `sources`: which files make up the catalogue of a deployment (shipped + imported);
- `records`: how an item is stored in Chroma (document text, metadata flags);
- `embeddings` (+ `openai_embeddings`): the offline e5 and the OpenAI embedding
  functions, the query cache;
- `chroma`: opening the embedded or remote Chroma collection;
- `index`: incremental build, status and `ensure_index`;
- `filters`, `vocabulary`, `snapshot`, `search`: the one search service of chat
  tools and REST;
- `ranking` (with `product_types`, `names`, `ages`, `words`): what a query says
  outright (the object asked for, a product name, contradicting tags or ages),
  as score adjustments; `diversity`: "something else"; `alternatives`: the
  closest items when the filters find nothing;
- `importer`: a user's own JSONL or CSV file, validated before anything is written.

Errors are drawn in `knowledge.errors`. Nothing here knows about users.
"""
