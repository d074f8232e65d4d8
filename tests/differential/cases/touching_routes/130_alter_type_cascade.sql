ALTER TYPE routes_typed_row ADD ATTRIBUTE memo text CASCADE;
