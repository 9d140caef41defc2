-- Who may see and do what: departments, accounts with a role and an area scope, sessions,
-- the append-only audit log, and the residents' personal data that must be masked (脱敏).

-- Responsible units (the N of 1+10+N). Reference data: a district's departments.
CREATE TABLE departments (
  code          text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_-]{1,39}$'),
  name          text NOT NULL,
  name_en       text NOT NULL,
  district_code text NOT NULL
);
INSERT INTO departments (code, name, name_en, district_code) VALUES
  ('gl-cgj', '鼓楼区城市管理局', 'Gulou Urban Management Bureau', '350102'),
  ('gl-zjj', '鼓楼区住房和城乡建设局', 'Gulou Housing and Construction Bureau', '350102'),
  ('gl-scjg', '鼓楼区市场监督管理局', 'Gulou Market Supervision Bureau', '350102'),
  ('gl-sw', '鼓楼区水务局', 'Gulou Water Affairs Bureau', '350102'),
  ('gl-ga', '福州市公安局鼓楼分局', 'Gulou Public Security Branch', '350102'),
  ('gl-mz', '鼓楼区民政局', 'Gulou Civil Affairs Bureau', '350102');

-- Accounts. scope_code is an area code (4–15 digits); everything the account sees lies under it.
-- It is checked against `areas` by the application, not by a foreign key: re-seeding the city
-- replaces the areas but must keep the accounts.
CREATE TABLE accounts (
  id              serial PRIMARY KEY,
  username        text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
  display_name    text NOT NULL,
  role            text NOT NULL CHECK (role IN ('leader', 'district_operator', 'street_operator', 'department_handler',
                                                'grid_worker', 'planner', 'auditor', 'admin')),
  scope_code      text NOT NULL CHECK (scope_code ~ '^[0-9]{4}([0-9]{2}([0-9]{3}([0-9]{3}([0-9]{3})?)?)?)?$'),
  department_code text REFERENCES departments (code),
  CHECK ((role = 'department_handler') = (department_code IS NOT NULL)),
  password_hash   text NOT NULL,  -- scrypt$N$r$p$salt$hash, never the password
  is_demo         boolean NOT NULL DEFAULT false,
  disabled        boolean NOT NULL DEFAULT false,
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Sessions: the cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash  bytea PRIMARY KEY,
  account_id  integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  ip          text,
  user_agent  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- Who did what, when, from where, to which record. Append-only for the application.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  account_id  integer,           -- null for anonymous attempts (failed logins of unknown names)
  username    text,
  role        text,
  scope_code  text,              -- the actor's scope when acting, for scoped reading of the log
  ip          text,
  action      text NOT NULL,     -- e.g. auth.login, auth.login_failed, residents.reveal, admin.createAccount
  target_type text,
  target_id   text,
  area_code   text,              -- the area the target lies in, when it has one
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_account_idx ON audit_log (account_id, at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Special groups (特殊人群) cared for by communities: synthetic people, real-looking personal data.
CREATE TABLE residents (
  id             serial PRIMARY KEY,
  building_id    integer NOT NULL REFERENCES buildings (id) ON DELETE CASCADE,
  grid_code      text NOT NULL,
  name           text NOT NULL,
  gender         text NOT NULL CHECK (gender IN ('F', 'M')),
  birth_year     integer NOT NULL,
  phone          text NOT NULL,
  id_number      text NOT NULL,
  category       text NOT NULL CHECK (category IN ('elderly_alone', 'disabled', 'low_income', 'left_behind_child')),
  care_note      text NOT NULL
);
CREATE INDEX residents_grid_idx ON residents (grid_code text_pattern_ops);
