-- A new session. $1 token hash (SHA-256), $2 account id, $3 CSRF token, $4 ip, $5 user agent, $6 expires at
INSERT INTO sessions (token_hash, account_id, csrf_token, ip, user_agent, expires_at)
VALUES ($1, $2, $3, $4, $5, $6)
