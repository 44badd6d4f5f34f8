-- A standing obligation (T9: the published report kept available) is never overdue, reminded or the next deadline.
ALTER TABLE "Deadline" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'deadline';
UPDATE "Deadline" SET "kind" = 'standing' WHERE "ruleId" = 'T9';
