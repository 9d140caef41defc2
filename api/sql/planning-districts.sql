-- The districts, in code order: the model reads buildings a district at a time.
SELECT code FROM areas WHERE level = 'district' ORDER BY code
