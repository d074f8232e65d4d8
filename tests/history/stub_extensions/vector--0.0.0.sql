-- A stub, not pgvector: vector stores its text form, so that CREATE INDEX ... USING hnsw
-- (c vector_cosine_ops) builds and the migrations' PL/pgSQL functions using <=> are created
-- (their bodies are not planned until run).
CREATE TYPE vector;
CREATE FUNCTION vector_in(cstring, oid, integer) RETURNS vector
    AS 'textin' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_out(vector) RETURNS cstring
    AS 'textout' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_typmod_in(cstring[]) RETURNS integer
    AS 'varchartypmodin' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_typmod_out(integer) RETURNS cstring
    AS 'varchartypmodout' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE vector (
    INPUT = vector_in, OUTPUT = vector_out,
    TYPMOD_IN = vector_typmod_in, TYPMOD_OUT = vector_typmod_out,
    INTERNALLENGTH = VARIABLE, STORAGE = extended
);

-- Equality and a hash: enough for an index access method to accept the operator classes.
CREATE FUNCTION vector_eq(vector, vector) RETURNS boolean
    AS 'byteaeq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_hash(vector) RETURNS integer
    AS 'hashvarlena' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE OPERATOR = (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_eq);

-- The distance operators exist by name; calling one fails.
CREATE FUNCTION vector_distance_stub(vector, vector) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RAISE 'vector stub: no distance'; END $$;
CREATE OPERATOR <-> (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_distance_stub);
CREATE OPERATOR <=> (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_distance_stub);
CREATE OPERATOR <#> (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_distance_stub);

-- hnsw and ivfflat are hash indexes under other names: they build, on the empty tables of a
-- migration, and answer nothing a test relies on.
CREATE FUNCTION hnswhandler(internal) RETURNS index_am_handler AS 'hashhandler' LANGUAGE internal;
CREATE FUNCTION ivfflathandler(internal) RETURNS index_am_handler AS 'hashhandler' LANGUAGE internal;
CREATE ACCESS METHOD hnsw TYPE INDEX HANDLER hnswhandler;
CREATE ACCESS METHOD ivfflat TYPE INDEX HANDLER ivfflathandler;
CREATE OPERATOR CLASS vector_l2_ops FOR TYPE vector USING hnsw AS OPERATOR 1 =, FUNCTION 1 vector_hash(vector);
CREATE OPERATOR CLASS vector_ip_ops FOR TYPE vector USING hnsw AS OPERATOR 1 =, FUNCTION 1 vector_hash(vector);
CREATE OPERATOR CLASS vector_cosine_ops FOR TYPE vector USING hnsw AS OPERATOR 1 =, FUNCTION 1 vector_hash(vector);
CREATE OPERATOR CLASS vector_l2_ops FOR TYPE vector USING ivfflat AS OPERATOR 1 =, FUNCTION 1 vector_hash(vector);
CREATE OPERATOR CLASS vector_ip_ops FOR TYPE vector USING ivfflat AS OPERATOR 1 =, FUNCTION 1 vector_hash(vector);
CREATE OPERATOR CLASS vector_cosine_ops FOR TYPE vector USING ivfflat AS OPERATOR 1 =, FUNCTION 1 vector_hash(vector);
