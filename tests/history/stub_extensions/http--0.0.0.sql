-- A stub, not pgsql-http: the signatures chatbot-ui's functions call; a request fails.
CREATE TYPE http_method AS ENUM ('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD');
CREATE TYPE http_header AS (field varchar, value varchar);
CREATE TYPE http_request AS (method http_method, uri varchar, headers http_header[],
                             content_type varchar, content varchar);
CREATE TYPE http_response AS (status integer, content_type varchar, headers http_header[],
                              content varchar);
CREATE FUNCTION http_header(field varchar, value varchar) RETURNS http_header
    LANGUAGE sql IMMUTABLE AS $$ SELECT $1, $2 $$;
CREATE FUNCTION http(request http_request) RETURNS http_response
    LANGUAGE plpgsql AS $$ BEGIN RAISE 'http stub: no network'; END $$;
