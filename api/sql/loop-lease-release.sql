-- A stopping process hands its lease back, so another takes the loop over at its next tick. $1 loop, $2 holder
DELETE FROM loop_leases WHERE name = $1 AND holder = $2
