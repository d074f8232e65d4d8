drop role if exists tg_owned_temporary;
drop role if exists tg_owned_app;
create role tg_owned_temporary;
create role tg_owned_app;
create policy shared on notes to tg_owned_temporary, tg_owned_app using (true);
drop owned by tg_owned_temporary;
drop role tg_owned_temporary;
