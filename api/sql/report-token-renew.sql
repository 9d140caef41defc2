-- A retried submission's fresh token: the receipt's token is not stored, so a retry that answers with the
-- first report gets a new one, and the earlier one stops working. $1 tracking number, $2 SHA-256 of the token
UPDATE incident_reporters SET token_hash = $2 WHERE tracking_no = $1 RETURNING tracking_no
