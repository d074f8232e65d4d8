CREATE TABLE "Team" ("id" TEXT NOT NULL, "organizationId" TEXT NOT NULL);
