-- A wrong password: count it; the one that reaches the limit locks the account for a while and starts the
-- count again. $1 account id, $2 wrong passwords before the lock, $3 minutes locked
UPDATE accounts
SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
    locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
WHERE id = $1
