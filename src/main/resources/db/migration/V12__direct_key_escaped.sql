-- Direct-conversation keys escape \ and | in each id (messaging/conversation/DirectKey): the plain 'a|b' form was
-- ambiguous for ids holding '|'. Keys of ids without either character are unchanged; the others are rebuilt from
-- the pair's two members, sorted as Java compares strings for ids in the Basic Multilingual Plane (code point order).
UPDATE conversation c
   SET direct_key = replace(replace(p.a, '\', '\\'), '|', '\|') || '|' || replace(replace(p.b, '\', '\\'), '|', '\|')
  FROM (SELECT conversation_id, min(user_id COLLATE "C") AS a, max(user_id COLLATE "C") AS b
          FROM member GROUP BY conversation_id HAVING count(*) = 2) p
 WHERE c.kind = 'direct' AND p.conversation_id = c.id
   AND (position('\' IN c.direct_key) > 0 OR length(c.direct_key) - length(replace(c.direct_key, '|', '')) > 1);
