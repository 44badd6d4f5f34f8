-- An audit's agreed findings: free text, in the protected field only (issue 17).
ALTER TABLE "Audit" ADD COLUMN "findings" TEXT;
