# Tandem — English
app-name = Tandem
skip-to-content = Skip to content
nav-label = Main menu
nav-home = Home
nav-orgs = Organisations
nav-enterprises = Enterprises
nav-people = People
nav-audit = Audit log
sign-out = Sign out
footer-text = Tandem — the industry–education integration platform of the university and its partners.

# sign-in
signin-title = Sign in
signin-lead = Sign in with your email and password.
signin-submit = Sign in
signin-failed = The email or password is wrong.
signin-throttled = Too many failed attempts. Try again in { $minutes } minutes.
signin-demo-title = Demo accounts
signin-demo-body = Every demo account uses the password tandem-demo.

# home
home-title = Industry–education integration at a glance
home-lead = Colleges, teaching centres, laboratories, partner enterprises and the people who work together across them.
home-figures = Headline figures
home-people-by-role = People by role
home-my-orgs = My organisations
home-no-memberships = You are not a member of any organisation yet. Ask a platform administrator or university staff to add you.
figure-colleges = modern industrial colleges
figure-centres = practical teaching centres
figure-labs = laboratories
figure-enterprises = enterprises
figure-people = people

# shared words
add = Add
remove = Remove
edit = Edit
save = Save
cancel = Cancel
yes = Yes
no = No
none = None yet.
no-results = Nothing matches these filters.
and = and
or = or
back-home = Back to the home page
form-has-errors = Please correct the fields marked below.
filter-search = Search
filter-all = All
filter-apply = Apply
pager-label = Pages
pager-prev = Previous
pager-next = Next
pager-status = Page { $page } of { $pages } · { $total } in all

# table columns
col-name = Name
col-kind = Type
col-parent = Belongs to
col-units = Units
col-members = Members
col-role = Role
col-org = Organisation
col-count = Count
col-size = Size class
col-actions = Actions
col-created = Created
col-last-used = Last used
col-status = Status
col-when = When (UTC+8)
col-who = Who
col-action = Action
col-subject = Record
col-change = Change

# organisation kinds
kind-university = University
kind-college = Modern industrial college
kind-centre = Practical teaching centre
kind-lab = Laboratory
kind-enterprise = Enterprise
kind-government = Government body
kind-institute = Research institute

# roles
role-platform_admin = Platform administrator
role-university_staff = University staff
role-teacher = Teacher
role-student = Student
role-enterprise_admin = Enterprise administrator
role-enterprise_member = Enterprise member
role-enterprise_expert = Enterprise expert
role-government_officer = Government officer
role-research_member = Research institute member

# organisations
orgs-title = Organisations
orgs-new = New organisation
orgs-edit = Edit organisation
orgs-children = Units
orgs-members = Members
orgs-partners = Partner enterprises
orgs-add-partner = Add a partner enterprise
orgs-partner-enterprise = Enterprise
enterprise_id-taken = This enterprise is already a partner of the college.
orgs-parent-hint = Colleges belong to the university; centres to the university or a college; laboratories to a centre or a college.

# enterprises
enterprises-title = Enterprises
enterprises-new = New enterprise
enterprises-edit = Edit enterprise
enterprises-profile = Profile
enterprises-partner-of = Partner of
enterprises-search-hint = Name or credit code
field-name_en = English name
field-description = Description
field-uscc = Unified social credit code
field-industry_code = Industry (GB/T 4754)
field-region_code = Region
field-founded_on = Founded on
field-employees = Employees
field-operating_revenue_wan = Operating revenue last year (10,000 yuan)
field-total_assets_wan = Total assets at year end (10,000 yuan)
measure-employees = Employees
measure-revenue = Operating revenue
measure-assets = Total assets
unit-persons = persons
unit-wan = × 10,000 yuan
hint-uscc = 18 characters, printed on the business licence. The last one is a check character.
hint-region = Left empty, it is taken from characters 3–8 of the credit code.
hint-employees = Head count at the end of last year.
hint-wan = In units of 10,000 yuan (万元), e.g. 1250.5.

# size classification
size-title = SME size class
size-micro = Micro
size-small = Small
size-medium = Medium
size-large = Large
size-band = Band
size-thresholds = Thresholds
size-sme-if = SME if
size-source = Rule
size-explanation = Row { $row } of the 2011 classification, { $row_name }: this enterprise is { $class }.
size-missing = Not classified yet: { $measure } is needed for this industry.
size-unknown_industry = Not classified: the industry code is unknown.
size-industry_not_covered = Not classified: the 2011 rules do not cover this industry (finance).
size-missing_employees = The number of employees is needed for this industry.
size-missing_revenue = The operating revenue is needed for this industry.
size-missing_assets = The total assets are needed for this industry.
size-unknown_class = Use micro, small, medium or large.

# people
people-title = People
people-new = New person
people-edit = Edit person
people-search-hint = Name, email or expertise
people-memberships = Memberships
people-add-membership = Add a membership
people-can-sign-in = Can sign in
field-email = Email
field-phone = Phone
field-expertise = Expertise
field-password = Password
field-initial-password = Initial password
hint-expertise = Tags separated by commas, e.g. CNC, quality management.
hint-initial-password = Optional. With a password (10 characters or more) and an email, the person can sign in.
membership-exists = This person already has that role there.

# profile
profile-title = My profile
profile-my-record = My record and memberships
profile-password = Password
profile-change-password = Change password
profile-password-changed = Your password was changed. Other sessions were signed out.
field-current-password = Current password
field-new-password = New password
hint-password = At least 10 characters.
profile-tokens = API tokens
profile-tokens-lead = A personal token lets scripts use the API as you: send it as "Authorization: Bearer <token>".
profile-token-once = Copy this token now. It will not be shown again.
profile-create-token = Create token
field-token-name = Token name
hint-token-name = What the token is for, e.g. "nightly export".
token-revoke = Revoke
token-revoked = Revoked

# audit
audit-title = Audit log
audit-before = before
audit-after = after

# error pages
error-forbidden = Access denied
error-forbidden-body = Your roles do not allow this page. If you need it, ask a platform administrator.
error-not-found = Not found
error-not-found-body = There is no such page, or it is not one you can see.
error-internal = Something went wrong
error-internal-body = The problem was logged. Please try again later.
error-bad-request = Request refused
error-bad-request-body = The request could not be handled.

# error codes (API messages and form fields)
auth-required = Sign in, or send a personal API token.
access-denied = Your roles do not allow this.
not_found = Not found.
validation-failed = Some fields are invalid.
duplicate = That value is already taken.
auth-bad_credentials = The email or password is wrong.
auth-rate_limited = Too many failed sign-ins; wait and try again.
internal = Something went wrong on our side.
invalid = This value is not valid.
required = This field is required.
too_long = At most { $max } characters.
out_of_range = Must be between { $min } and { $max }.
not_a_whole_number = Must be a whole number.
not_an_amount = Must be an amount such as 1250.5 (no more than six decimals).
unknown_field = This field is not known.
control_characters = Remove the invisible control characters from this text.
wrong_type = This field has the wrong type: send text or a number.
uscc-length = A credit code has 18 characters; this one has { $length }.
uscc-character = Character { $position } ("{ $character }") cannot appear in a credit code (letters I, O, S, V, Z are never used).
uscc-division_code = Characters 3–8 must be the six digits of an administrative division code.
uscc-check_character = The check character (last character) is wrong: expected { $expected }, found { $found }.
uscc-taken = Another enterprise already has this credit code.
email-taken = Another person already uses this email.
role-taken = This person already has that role there.
industry-unknown = Choose an industry from GB/T 4754.
region-unknown = Choose a known region code.
date-invalid = Use the form YYYY-MM-DD.
date-in_future = The date cannot be in the future.
date-too_early = The date must be in 1900 or later.
email-invalid = This is not an email address.
email-needed_for_sign_in = A person who can sign in needs an email.
phone-invalid = Use digits, spaces, +, - and brackets only.
tags-too_many = At most { $max } tags.
tags-too_long = Each tag has at most { $max } characters.
password-too_short = At least 10 characters.
password-too_long = The password is too long.
password-wrong = The current password is wrong.
locale-unknown = Choose zh-CN or en.
org-parent_kind = This kind of organisation can only belong to: { $allowed }.
org-parent_self = An organisation cannot belong to itself.
org-kind_not_allowed = Choose college, centre, lab, government or institute.
org-kind_fixed = The kind of an organisation cannot change.
role-unknown = This role does not exist.
role-wrong_org_kind = This role does not fit this kind of organisation.
membership-cannot_remove_own_admin = You cannot remove your own administrator role.
demo-not_empty = The database already holds data; the demo loads only into an empty one.

# diagnosis
diag-none-selected = none
diag-rule-at-least = at least { $bound }
diag-rule-below = below { $bound }
diag-rule-lowest = below every band
diag-rule-highest = at or above every bound
diag-rule-per-step = { $steps } full steps of { $step }, { $each } point(s) each
diag-rule-choice = "{ $choice }"
diag-rule-multi = { $count } item(s) × { $each } points, capped at the maximum
diag-rule-entered = points entered by the assessor
diag-rule-best-of = { $part } at least { $bound } (the better of the two)
diag-explain = Answer { $answer }: { $rule } → { $points } of { $max } points.
diag-target-at-least = reach at least { $bound }
diag-target-part = raise { $part } to at least { $bound }
diag-target-below = bring it below { $bound }
diag-target-choose = qualify for "{ $choice }"
diag-target-items = meet { $count } item(s)
diag-opportunity = +{ $gain } points: { $target }.
diag-cond-total = total score at least { $bound }
diag-cond-group = { $group } score at least { $bound }
diag-cond-fact-at-least = { $fact }: at least { $bound }
