-- Special groups (特殊人群) cared for by the communities: about one in eight homes in residential and
-- mixed buildings holds one. Synthetic but real-looking names, mobile numbers and ID-card-like numbers,
-- deterministic: every value comes from an MD5 of the building id, so a seed always gives the same people.
WITH b AS (
  SELECT id, grid_code,
         ('x' || substr(md5(id::text || ':r'), 1, 7))::bit(28)::int AS h0,
         ('x' || substr(md5(id::text || ':r'), 8, 7))::bit(28)::int AS h1,
         ('x' || substr(md5(id::text || ':r'), 15, 7))::bit(28)::int AS h2,
         ('x' || substr(md5(id::text || ':r'), 22, 7))::bit(28)::int AS h3
  FROM buildings
  WHERE use IN ('residential', 'mixed')
), p AS (
  SELECT b.*,
         (ARRAY['elderly_alone', 'elderly_alone', 'elderly_alone', 'disabled', 'low_income', 'low_income', 'left_behind_child'])[1 + h1 % 7] AS category
  FROM b WHERE h0 % 8 = 0
), q AS (
  SELECT p.*,
         CASE category WHEN 'elderly_alone' THEN 1930 + h2 % 26 WHEN 'disabled' THEN 1950 + h2 % 50
                       WHEN 'low_income' THEN 1945 + h2 % 50 ELSE 2010 + h2 % 10 END AS birth_year
  FROM p
)
INSERT INTO residents (building_id, grid_code, name, gender, birth_year, phone, id_number, category, care_note)
SELECT id, grid_code,
       (ARRAY['王','李','张','刘','陈','杨','黄','林','吴','郑','赵','周','徐','孙','朱','高','何','罗','郭','谢'])[1 + h1 % 20]
       || (ARRAY['秀','建','国','明','丽','华','玉','志','金','春','文','海','美','平','德','福','英','荣','桂','宝'])[1 + h2 % 20]
       || (ARRAY['英','华','兰','珍','芳','强','军','平','生','林','梅','清','龙','娟','民','成','霞','山','凤','云'])[1 + h3 % 20],
       CASE WHEN h3 % 2 = 0 THEN 'F' ELSE 'M' END,
       birth_year,
       (ARRAY['138','139','135','150','158','186','188','133','177','189'])[1 + h2 % 10] || lpad((h3 % 100000000)::text, 8, '0'),
       left(grid_code, 6) || birth_year || lpad((1 + h1 % 12)::text, 2, '0') || lpad((1 + h2 % 28)::text, 2, '0')
         || lpad((h3 % 1000)::text, 3, '0') || substr('0123456789X', 1 + h0 % 11, 1),
       category,
       CASE category WHEN 'elderly_alone' THEN '独居老人，每周上门探访一次'
                     WHEN 'disabled' THEN '持证残疾人，协助办理助残服务'
                     WHEN 'low_income' THEN '低保户，按月核对救助发放'
                     ELSE '留守儿童，联系监护人并定期走访' END
FROM q
ORDER BY id;
