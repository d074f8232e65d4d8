drop role if exists tg_owned_temporary;
drop role if exists tg_owned_app;
create role tg_owned_temporary;
create role tg_owned_app;
create policy temporary_only on notes to tg_owned_temporary using (true);
drop owned by tg_owned_temporary;
drop role tg_owned_temporary;
