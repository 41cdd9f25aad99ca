CREATE TABLE `checkin_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`points` integer NOT NULL,
	`expires_at` integer,
	`max_uses` integer,
	`uses` integer DEFAULT 0 NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkin_codes_circle_code_uq` ON `checkin_codes` (`circle_id`,`code`);--> statement-breakpoint
CREATE TABLE `checkin_redemptions` (
	`code_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`code_id`, `member_id`),
	FOREIGN KEY (`code_id`) REFERENCES `checkin_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `point_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`source_key` text,
	`actor_id` integer,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `point_ledger_source_key_uq` ON `point_ledger` (`source_key`);--> statement-breakpoint
CREATE INDEX `point_ledger_circle_at_idx` ON `point_ledger` (`circle_id`,`at`);--> statement-breakpoint
CREATE INDEX `point_ledger_circle_member_idx` ON `point_ledger` (`circle_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `point_standings` (
	`circle_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`level` integer DEFAULT 0 NOT NULL,
	`last_active_at` integer,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`circle_id`, `member_id`),
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `point_standings_circle_points_idx` ON `point_standings` (`circle_id`,`points`);--> statement-breakpoint
CREATE INDEX `point_standings_circle_active_idx` ON `point_standings` (`circle_id`,`last_active_at`);--> statement-breakpoint
CREATE INDEX `point_standings_member_idx` ON `point_standings` (`member_id`);