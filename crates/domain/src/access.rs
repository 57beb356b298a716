//! Who may do what. Access is denied unless a rule below grants it; a grant needs a role and,
//! for records that belong to an organisation, membership of that organisation.

use crate::org::OrgKind;
use crate::sharing::dataset::{AccessLevel, Owner};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PlatformAdmin,
    UniversityStaff,
    Teacher,
    Student,
    EnterpriseAdmin,
    EnterpriseMember,
    EnterpriseExpert,
    GovernmentOfficer,
    ResearchMember,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::PlatformAdmin,
        Role::UniversityStaff,
        Role::Teacher,
        Role::Student,
        Role::EnterpriseAdmin,
        Role::EnterpriseMember,
        Role::EnterpriseExpert,
        Role::GovernmentOfficer,
        Role::ResearchMember,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::UniversityStaff => "university_staff",
            Role::Teacher => "teacher",
            Role::Student => "student",
            Role::EnterpriseAdmin => "enterprise_admin",
            Role::EnterpriseMember => "enterprise_member",
            Role::EnterpriseExpert => "enterprise_expert",
            Role::GovernmentOfficer => "government_officer",
            Role::ResearchMember => "research_member",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Roles that let their holder manage people: granting them is itself restricted.
    pub fn is_administrative(self) -> bool {
        matches!(self, Role::PlatformAdmin | Role::UniversityStaff)
    }

    /// Whether a person can hold this role in an organisation of `kind`.
    pub fn fits(self, kind: OrgKind) -> bool {
        match self {
            Role::PlatformAdmin => kind == OrgKind::University,
            Role::UniversityStaff | Role::Teacher | Role::Student => kind.is_university_unit(),
            Role::EnterpriseAdmin | Role::EnterpriseMember | Role::EnterpriseExpert => kind == OrgKind::Enterprise,
            Role::GovernmentOfficer => kind == OrgKind::Government,
            Role::ResearchMember => kind == OrgKind::Institute,
        }
    }
}

/// A role held in one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub org_id: i64,
    pub org_kind: OrgKind,
    pub role: Role,
}

/// The signed-in person on whose behalf a request runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub person_id: i64,
    pub grants: Vec<Grant>,
}

/// Everything a route can ask permission for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the university's colleges, centres and labs, and government bodies and institutes.
    ViewStructure,
    /// Create or edit a college, centre, lab, government body or institute.
    ManageStructure,
    /// See every enterprise, including figures.
    ListAllEnterprises,
    /// See one enterprise's profile.
    ViewEnterprise {
        org_id: i64,
    },
    CreateEnterprise,
    EditEnterprise {
        org_id: i64,
    },
    /// See every person.
    ListAllPeople,
    /// See one person; `shares_org` when the actor and the person belong to a common organisation.
    ViewPerson {
        person_id: i64,
        shares_org: bool,
    },
    /// Create people, edit them, change their memberships.
    ManagePeople,
    /// Grant or take away the platform-admin and university-staff roles, which carry
    /// `ManagePeople` themselves: only platform admins may, or staff could promote themselves.
    ManageAdmins,
    ViewAudit,
    /// See an enterprise's diagnoses and their answers (never government: it sees aggregates).
    ViewDiagnosis {
        org_id: i64,
    },
    /// Start, fill in and submit a diagnosis for an enterprise.
    EditDiagnosis {
        org_id: i64,
    },
    /// The portfolio of diagnosed enterprises, one row per enterprise.
    ViewDiagnosisPortfolio,
    /// Counts and distributions of diagnoses, never one enterprise's answers.
    ViewDiagnosisAggregates,
    /// The open-sharing figures (machine-hours, income, enterprises served) of every item.
    ViewSharingFigures,
    /// The open-sharing figures of the labs one teaches in, or of every item.
    ViewLabFigures,
    /// Book shared equipment: anyone with a rate class (the university's people, enterprises,
    /// institutes); government officers only read the figures.
    BookEquipment,
    /// Publish equipment in some lab (staff anywhere, a lab's teachers in their lab).
    PublishEquipment,
    /// Publish and revise this lab's equipment, decide its bookings, record training, close it
    /// for a time, make its calendar address.
    ManageEquipment {
        lab_id: i64,
    },
    /// See a dataset at all (listed, opened, previewed); an internal one only its owner's people.
    ViewDataset {
        owner: Owner,
        level: AccessLevel,
    },
    /// Download a dataset's files; `approved` when a request of the actor's was approved.
    DownloadDataset {
        owner: Owner,
        level: AccessLevel,
        approved: bool,
    },
    /// Change a dataset, upload its files, decide its requests, read its download log.
    ManageDataset {
        owner: Owner,
    },
    /// See an order-based class; `public` once it is open or selected (before that only staff
    /// and the ordering enterprise's people see it).
    ViewOrderClass {
        enterprise_id: i64,
        public: bool,
    },
    /// Act for an enterprise in talent cultivation: order classes, rank their applicants, propose
    /// and agree curricula, read the applications, mentorships and internships at the enterprise.
    ActForEnterprise {
        enterprise_id: i64,
    },
    /// The university's side of every class: accept or decline orders, run the selection,
    /// place students by hand, see every class.
    RunOrderClasses,
    /// Apply to an open class.
    ApplyToOrderClass,
    /// Take a student out of a class: the student themselves, or staff.
    LeaveOrderClass {
        student_id: i64,
    },
    /// Give students mentors and set mentors' load limits.
    AssignMentors,
    /// Read a mentorship and its meetings.
    ViewMentorship {
        mentor_id: i64,
        student_id: i64,
        enterprise_id: i64,
    },
    /// Log a meeting in a mentorship, evaluate its student.
    WriteMentorship {
        mentor_id: i64,
    },
    /// Record internships, give interns mentors, see every internship.
    ManageInternships,
    /// See one internship; `mentor` when the actor mentors it.
    ViewInternship {
        student_id: i64,
        enterprise_id: i64,
        mentor: bool,
    },
    /// End an internship early.
    EndInternship {
        student_id: i64,
    },
    /// Draft, change or confirm an internship's learning agreement as one of its three parties;
    /// `academic_mentor` and `enterprise_mentor` when the actor is its current mentor of that kind.
    SignAgreement {
        student_id: i64,
        enterprise_id: i64,
        academic_mentor: bool,
        enterprise_mentor: bool,
    },
    /// Record, report and see every teacher's practice terms.
    ManagePractice,
    /// Record a teacher's practice term at an enterprise.
    RecordPractice {
        teacher_id: i64,
    },
    /// Add the outcome report of a practice term.
    ReportPractice {
        teacher_id: i64,
    },
    /// Appoint enterprise experts to colleges.
    AppointExperts,
    /// The dual-qualified share of each college.
    ViewFlowFigures,
    /// Record graduate outcomes and invite their supervisors to the survey.
    ManageOutcomes,
    /// The graduate outcomes report.
    ViewOutcomes,
    /// Set up a new micro-degree.
    CreateMicroDegree,
    /// Run a micro-degree offered by `org_id`: modules, enrolment, results, credentials, roster.
    ManageMicroDegree {
        org_id: i64,
    },
    /// Enrol in a micro-degree.
    EnrolInMicroDegree,
    /// See every credential, revoke one.
    ManageCredentials,
    /// Write a proposition for an enterprise, revise it and send it for screening.
    WriteProposition {
        enterprise_id: i64,
    },
    /// Screen propositions (accept or return them) and publish them on the board.
    ScreenPropositions,
    /// See a proposition: its public summary once published; before that only the enterprise
    /// and the screening staff.
    ViewProposition {
        enterprise_id: i64,
        published: bool,
    },
    /// Read a proposition's confidential details: the enterprise, the screening staff and the
    /// teams the enterprise admitted (`admitted`: the actor is on a shortlisted or selected team).
    ViewPropositionDetails {
        enterprise_id: i64,
        admitted: bool,
    },
    /// Send a team's proposal for a published proposition: the university's teachers and researchers.
    ProposeToProposition,
    /// See a proposal: its team (`team`: the actor leads it or is a member), the enterprise it is
    /// made to, and the university's staff. Never a competing team.
    ViewProposal {
        enterprise_id: i64,
        team: bool,
    },
    /// Shortlist, select or decline the proposals made to an enterprise's proposition, accept or
    /// reject its project's milestones and rate the team: the enterprise's people.
    DecideProposals {
        enterprise_id: i64,
    },
    /// Withdraw a proposal, deliver a milestone, rate the enterprise: the team itself.
    ActForTeam {
        team: bool,
    },
    /// Record a joint research project's technology contract: the university's staff.
    RecordContract,
    /// Publish and change a research result of `org_id` (a college, lab or institute): its
    /// teachers and researchers, and the university's staff.
    PublishAchievement {
        org_id: i64,
    },
    /// Say an enterprise is interested in a result: the enterprise's people.
    ExpressInterest {
        enterprise_id: i64,
    },
    /// Run the deals: move them through their stages, record contracts and payments.
    RunDeals,
    /// See a deal: the enterprise's people and the university's staff.
    ViewDeal {
        enterprise_id: i64,
    },
    /// The yearly transformation figures (科技成果转化年度报告).
    ViewTransformationReport,
    /// Browse the talent pool's public profiles: the university's people and enterprises'.
    ViewTalentPool,
    /// The talent pool in aggregate (how many experts by discipline): staff and government.
    ViewTalentAggregates,
    /// Write a person's expertise profile: the person, or the university's staff.
    EditExpertise {
        person_id: i64,
    },
    /// Write, test, publish and withdraw support policies: the university's staff.
    ManagePolicies,
    /// See which policies an enterprise qualifies for: its own people and the staff.
    ViewPolicyStanding {
        enterprise_id: i64,
    },
    /// Per policy, the enterprises that qualify (with export and apply-free notices): staff.
    ViewPolicyLists,
    /// How many enterprises qualify, by district and industry: staff and government.
    ViewPolicyAggregates,
}

impl Action {
    /// One action of each kind (ids zero), for checks that must cover them all.
    pub fn every_kind() -> [Action; 67] {
        Self::every_kind_about(0, &|_| 0)
    }

    /// One action of each kind about `person_id` and organisations `org_of(kind)`, every flag
    /// at its narrower value (a class not yet public, a dataset internal or on request, no
    /// approval, not a mentor): what a table of who may do what shows.
    pub fn every_kind_about(person_id: i64, org_of: &dyn Fn(OrgKind) -> i64) -> [Action; 67] {
        let enterprise = org_of(OrgKind::Enterprise);
        let lab = org_of(OrgKind::Lab);
        let owner = Owner { org_id: lab, org_kind: OrgKind::Lab };
        [
            Action::ViewStructure,
            Action::ManageStructure,
            Action::ListAllEnterprises,
            Action::ViewEnterprise { org_id: enterprise },
            Action::CreateEnterprise,
            Action::EditEnterprise { org_id: enterprise },
            Action::ListAllPeople,
            Action::ViewPerson { person_id, shares_org: false },
            Action::ManagePeople,
            Action::ManageAdmins,
            Action::ViewAudit,
            Action::ViewDiagnosis { org_id: enterprise },
            Action::EditDiagnosis { org_id: enterprise },
            Action::ViewDiagnosisPortfolio,
            Action::ViewDiagnosisAggregates,
            Action::ViewSharingFigures,
            Action::ViewLabFigures,
            Action::BookEquipment,
            Action::PublishEquipment,
            Action::ManageEquipment { lab_id: lab },
            Action::ViewDataset { owner, level: AccessLevel::Internal },
            Action::DownloadDataset { owner, level: AccessLevel::OnRequest, approved: false },
            Action::ManageDataset { owner },
            Action::ViewOrderClass { enterprise_id: enterprise, public: false },
            Action::ActForEnterprise { enterprise_id: enterprise },
            Action::RunOrderClasses,
            Action::ApplyToOrderClass,
            Action::LeaveOrderClass { student_id: person_id },
            Action::AssignMentors,
            Action::ViewMentorship { mentor_id: person_id, student_id: person_id, enterprise_id: enterprise },
            Action::WriteMentorship { mentor_id: person_id },
            Action::ManageInternships,
            Action::ViewInternship { student_id: person_id, enterprise_id: enterprise, mentor: false },
            Action::EndInternship { student_id: person_id },
            Action::SignAgreement {
                student_id: person_id,
                enterprise_id: enterprise,
                academic_mentor: false,
                enterprise_mentor: false,
            },
            Action::ManagePractice,
            Action::RecordPractice { teacher_id: person_id },
            Action::ReportPractice { teacher_id: person_id },
            Action::AppointExperts,
            Action::ViewFlowFigures,
            Action::ManageOutcomes,
            Action::ViewOutcomes,
            Action::CreateMicroDegree,
            Action::ManageMicroDegree { org_id: org_of(OrgKind::College) },
            Action::EnrolInMicroDegree,
            Action::ManageCredentials,
            Action::WriteProposition { enterprise_id: enterprise },
            Action::ScreenPropositions,
            Action::ViewProposition { enterprise_id: enterprise, published: false },
            Action::ViewPropositionDetails { enterprise_id: enterprise, admitted: false },
            Action::ProposeToProposition,
            Action::ViewProposal { enterprise_id: enterprise, team: false },
            Action::DecideProposals { enterprise_id: enterprise },
            Action::ActForTeam { team: false },
            Action::RecordContract,
            Action::PublishAchievement { org_id: org_of(OrgKind::Lab) },
            Action::ExpressInterest { enterprise_id: enterprise },
            Action::RunDeals,
            Action::ViewDeal { enterprise_id: enterprise },
            Action::ViewTransformationReport,
            Action::ViewTalentPool,
            Action::ViewTalentAggregates,
            Action::EditExpertise { person_id },
            Action::ManagePolicies,
            Action::ViewPolicyStanding { enterprise_id: enterprise },
            Action::ViewPolicyLists,
            Action::ViewPolicyAggregates,
        ]
    }

    /// The stable code a denial is audited under.
    pub fn code(self) -> &'static str {
        match self {
            Action::ViewStructure => "structure.view",
            Action::ManageStructure => "structure.manage",
            Action::ListAllEnterprises => "enterprises.list_all",
            Action::ViewEnterprise { .. } => "enterprise.view",
            Action::CreateEnterprise => "enterprise.create",
            Action::EditEnterprise { .. } => "enterprise.edit",
            Action::ListAllPeople => "people.list_all",
            Action::ViewPerson { .. } => "person.view",
            Action::ManagePeople => "people.manage",
            Action::ManageAdmins => "people.manage_admins",
            Action::ViewAudit => "audit.view",
            Action::ViewDiagnosis { .. } => "diagnosis.view",
            Action::EditDiagnosis { .. } => "diagnosis.edit",
            Action::ViewDiagnosisPortfolio => "diagnosis.portfolio",
            Action::ViewDiagnosisAggregates => "diagnosis.aggregates",
            Action::ViewSharingFigures => "sharing.figures",
            Action::ViewLabFigures => "sharing.lab_figures",
            Action::BookEquipment => "equipment.book",
            Action::PublishEquipment => "equipment.publish",
            Action::ManageEquipment { .. } => "equipment.manage",
            Action::ViewDataset { .. } => "dataset.view",
            Action::DownloadDataset { .. } => "dataset.download",
            Action::ManageDataset { .. } => "dataset.manage",
            Action::ViewOrderClass { .. } => "order_class.view",
            Action::ActForEnterprise { .. } => "enterprise.act_for",
            Action::RunOrderClasses => "order_class.run",
            Action::ApplyToOrderClass => "order_class.apply",
            Action::LeaveOrderClass { .. } => "order_class.leave",
            Action::AssignMentors => "mentor.assign",
            Action::ViewMentorship { .. } => "mentorship.view",
            Action::WriteMentorship { .. } => "mentorship.write",
            Action::ManageInternships => "internship.manage",
            Action::ViewInternship { .. } => "internship.view",
            Action::EndInternship { .. } => "internship.end",
            Action::SignAgreement { .. } => "agreement.sign",
            Action::ManagePractice => "practice.manage",
            Action::RecordPractice { .. } => "practice.record",
            Action::ReportPractice { .. } => "practice.report",
            Action::AppointExperts => "expert.appoint",
            Action::ViewFlowFigures => "flow.figures",
            Action::ManageOutcomes => "outcome.manage",
            Action::ViewOutcomes => "outcome.report",
            Action::CreateMicroDegree => "microdegree.create",
            Action::ManageMicroDegree { .. } => "microdegree.manage",
            Action::EnrolInMicroDegree => "microdegree.enrol",
            Action::ManageCredentials => "credential.manage",
            Action::WriteProposition { .. } => "proposition.write",
            Action::ScreenPropositions => "proposition.screen",
            Action::ViewProposition { .. } => "proposition.view",
            Action::ViewPropositionDetails { .. } => "proposition.details",
            Action::ProposeToProposition => "proposal.write",
            Action::ViewProposal { .. } => "proposal.view",
            Action::DecideProposals { .. } => "proposal.decide",
            Action::ActForTeam { .. } => "proposal.team",
            Action::RecordContract => "contract.record",
            Action::PublishAchievement { .. } => "achievement.publish",
            Action::ExpressInterest { .. } => "achievement.interest",
            Action::RunDeals => "deal.run",
            Action::ViewDeal { .. } => "deal.view",
            Action::ViewTransformationReport => "transformation.report",
            Action::ViewTalentPool => "talent_pool.view",
            Action::ViewTalentAggregates => "talent_pool.aggregates",
            Action::EditExpertise { .. } => "expertise.edit",
            Action::ManagePolicies => "policy.manage",
            Action::ViewPolicyStanding { .. } => "policy.standing",
            Action::ViewPolicyLists => "policy.lists",
            Action::ViewPolicyAggregates => "policy.aggregates",
        }
    }

    /// The record the action is about, as `kind id`, for the audit entry of a denial.
    pub fn subject(self) -> Option<(&'static str, i64)> {
        match self {
            Action::ViewEnterprise { org_id }
            | Action::EditEnterprise { org_id }
            | Action::ViewDiagnosis { org_id }
            | Action::EditDiagnosis { org_id } => Some(("org", org_id)),
            Action::ViewPerson { person_id, .. } | Action::EditExpertise { person_id } => Some(("person", person_id)),
            Action::ManageEquipment { lab_id } => Some(("org", lab_id)),
            Action::ViewDataset { owner, .. }
            | Action::DownloadDataset { owner, .. }
            | Action::ManageDataset { owner } => Some(("org", owner.org_id)),
            Action::ViewOrderClass { enterprise_id, .. }
            | Action::ActForEnterprise { enterprise_id }
            | Action::ViewInternship { enterprise_id, .. }
            | Action::SignAgreement { enterprise_id, .. }
            | Action::WriteProposition { enterprise_id }
            | Action::ViewProposition { enterprise_id, .. }
            | Action::ViewPropositionDetails { enterprise_id, .. }
            | Action::ViewProposal { enterprise_id, .. }
            | Action::DecideProposals { enterprise_id }
            | Action::ExpressInterest { enterprise_id }
            | Action::ViewDeal { enterprise_id }
            | Action::ViewPolicyStanding { enterprise_id } => Some(("org", enterprise_id)),
            Action::PublishAchievement { org_id } => Some(("org", org_id)),
            Action::ManageMicroDegree { org_id } => Some(("org", org_id)),
            Action::LeaveOrderClass { student_id } | Action::EndInternship { student_id } => {
                Some(("person", student_id))
            }
            Action::ViewMentorship { mentor_id, .. } | Action::WriteMentorship { mentor_id } => {
                Some(("person", mentor_id))
            }
            Action::RecordPractice { teacher_id } | Action::ReportPractice { teacher_id } => {
                Some(("person", teacher_id))
            }
            _ => None,
        }
    }
}

impl Actor {
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    pub fn has_role_in(&self, role: Role, org_id: i64) -> bool {
        self.grants.iter().any(|g| g.role == role && g.org_id == org_id)
    }

    pub fn is_member_of(&self, org_id: i64) -> bool {
        self.grants.iter().any(|g| g.org_id == org_id)
    }

    fn is_admin(&self) -> bool {
        self.has_role(Role::PlatformAdmin)
    }

    fn is_staff(&self) -> bool {
        self.is_admin() || self.has_role(Role::UniversityStaff)
    }

    /// Whether the actor belongs to a dataset's owner: its members, and for a university unit
    /// the university's staff who administer it (never inside an enterprise).
    fn is_insider(&self, owner: Owner) -> bool {
        self.is_admin()
            || self.is_member_of(owner.org_id)
            || (owner.org_kind.is_university_unit() && self.has_role(Role::UniversityStaff))
    }

    /// The labs in which this actor teaches.
    pub fn teaching_labs(&self) -> Vec<i64> {
        self.grants.iter().filter(|g| g.role == Role::Teacher && g.org_kind == OrgKind::Lab).map(|g| g.org_id).collect()
    }

    /// Organisations whose enterprise records this actor may see although it cannot see all.
    pub fn own_enterprises(&self) -> Vec<i64> {
        self.grants.iter().filter(|g| g.org_kind == OrgKind::Enterprise).map(|g| g.org_id).collect()
    }

    /// The one rule table of Tandem: `true` only where a line below grants it.
    pub fn may(&self, action: Action) -> bool {
        match action {
            Action::ViewStructure => !self.grants.is_empty(),
            Action::ManageStructure | Action::CreateEnterprise | Action::ManagePeople | Action::ListAllPeople => {
                self.is_staff()
            }
            Action::ListAllEnterprises => self.is_staff() || self.has_role(Role::GovernmentOfficer),
            Action::ViewEnterprise { org_id } => self.may(Action::ListAllEnterprises) || self.is_member_of(org_id),
            Action::EditEnterprise { org_id } => self.is_staff() || self.has_role_in(Role::EnterpriseAdmin, org_id),
            Action::ViewPerson { person_id, shares_org } => {
                self.is_staff() || person_id == self.person_id || shares_org
            }
            Action::ViewAudit | Action::ManageAdmins => self.is_admin(),
            Action::ViewDiagnosis { org_id } => self.is_staff() || self.is_member_of(org_id),
            Action::EditDiagnosis { org_id } => self.is_staff() || self.has_role_in(Role::EnterpriseAdmin, org_id),
            Action::ViewDiagnosisPortfolio => self.is_staff(),
            Action::ViewDiagnosisAggregates | Action::ViewSharingFigures => {
                self.is_staff() || self.has_role(Role::GovernmentOfficer)
            }
            Action::ViewLabFigures => self.may(Action::ViewSharingFigures) || !self.teaching_labs().is_empty(),
            Action::BookEquipment => self.grants.iter().any(|g| {
                g.org_kind.is_university_unit() || matches!(g.org_kind, OrgKind::Enterprise | OrgKind::Institute)
            }),
            Action::PublishEquipment => self.is_staff() || !self.teaching_labs().is_empty(),
            Action::ManageEquipment { lab_id } => self.is_staff() || self.has_role_in(Role::Teacher, lab_id),
            Action::ViewDataset { owner, level } => level != AccessLevel::Internal || self.is_insider(owner),
            Action::DownloadDataset { owner, level, approved } => match level {
                AccessLevel::Open => true,
                AccessLevel::OnRequest => approved || self.is_insider(owner),
                AccessLevel::Internal => self.is_insider(owner),
            },
            // A lab's teachers and the university's staff; an enterprise's administrators.
            Action::ManageDataset { owner } => {
                self.is_admin()
                    || match owner.org_kind {
                        OrgKind::Enterprise => self.has_role_in(Role::EnterpriseAdmin, owner.org_id),
                        kind if kind.is_university_unit() => {
                            self.has_role(Role::UniversityStaff) || self.has_role_in(Role::Teacher, owner.org_id)
                        }
                        _ => false,
                    }
            }
            Action::ViewOrderClass { enterprise_id, public } => {
                public || self.is_staff() || self.is_member_of(enterprise_id)
            }
            Action::ActForEnterprise { enterprise_id } => {
                self.is_staff() || self.has_role_in(Role::EnterpriseAdmin, enterprise_id)
            }
            Action::RunOrderClasses
            | Action::AssignMentors
            | Action::ManageInternships
            | Action::AppointExperts
            | Action::ManageOutcomes
            | Action::CreateMicroDegree
            | Action::ManageCredentials
            | Action::ScreenPropositions
            | Action::RecordContract
            | Action::RunDeals
            | Action::ManagePractice => self.is_staff(),
            // Any of the enterprise's people may state its problem; the screening is the staff's.
            Action::WriteProposition { enterprise_id } => {
                self.grants.iter().any(|g| g.org_id == enterprise_id && g.org_kind == OrgKind::Enterprise)
            }
            Action::ViewProposition { enterprise_id, published } => {
                (published && !self.grants.is_empty())
                    || self.may(Action::ViewPropositionDetails { enterprise_id, admitted: false })
            }
            Action::ViewPropositionDetails { enterprise_id, admitted } => {
                admitted || self.is_staff() || self.may(Action::WriteProposition { enterprise_id })
            }
            // Teams come from the university's teaching and research staff.
            Action::ProposeToProposition => self.has_role(Role::Teacher) || self.has_role(Role::ResearchMember),
            Action::ViewProposal { enterprise_id, team } => {
                team || self.is_staff() || self.may(Action::WriteProposition { enterprise_id })
            }
            Action::DecideProposals { enterprise_id } => self.may(Action::WriteProposition { enterprise_id }),
            Action::ActForTeam { team } => team,
            Action::PublishAchievement { org_id } => {
                self.is_staff()
                    || self.has_role_in(Role::Teacher, org_id)
                    || self.has_role_in(Role::ResearchMember, org_id)
            }
            Action::ExpressInterest { enterprise_id } => self.may(Action::WriteProposition { enterprise_id }),
            Action::ViewDeal { enterprise_id } => {
                self.is_staff() || self.may(Action::WriteProposition { enterprise_id })
            }
            Action::ViewTransformationReport | Action::ViewTalentAggregates => {
                self.is_staff() || self.has_role(Role::GovernmentOfficer)
            }
            // Government sees the pool in aggregate only; students are not looking for experts.
            Action::ViewTalentPool => {
                self.grants.iter().any(|g| !matches!(g.role, Role::GovernmentOfficer | Role::Student))
            }
            Action::EditExpertise { person_id } => person_id == self.person_id || self.is_staff(),
            Action::ManagePolicies | Action::ViewPolicyLists => self.is_staff(),
            Action::ViewPolicyStanding { enterprise_id } => self.is_staff() || self.is_member_of(enterprise_id),
            Action::ViewPolicyAggregates => self.is_staff() || self.has_role(Role::GovernmentOfficer),
            Action::ApplyToOrderClass | Action::EnrolInMicroDegree => self.has_role(Role::Student),
            Action::LeaveOrderClass { student_id } | Action::EndInternship { student_id } => {
                student_id == self.person_id || self.is_staff()
            }
            Action::ViewMentorship { mentor_id, student_id, enterprise_id } => {
                mentor_id == self.person_id
                    || student_id == self.person_id
                    || self.may(Action::ActForEnterprise { enterprise_id })
            }
            Action::WriteMentorship { mentor_id } => mentor_id == self.person_id,
            Action::ViewInternship { student_id, enterprise_id, mentor } => {
                student_id == self.person_id || mentor || self.may(Action::ActForEnterprise { enterprise_id })
            }
            // The three parties: the intern; the university (staff, the academic mentor); the
            // host enterprise (its admins, the enterprise mentor).
            Action::SignAgreement { student_id, enterprise_id, academic_mentor, enterprise_mentor } => {
                student_id == self.person_id
                    || academic_mentor
                    || enterprise_mentor
                    || self.may(Action::ActForEnterprise { enterprise_id })
            }
            // A teacher records their own terms; staff anyone's.
            Action::RecordPractice { teacher_id } => {
                self.may(Action::ManagePractice) || (teacher_id == self.person_id && self.has_role(Role::Teacher))
            }
            Action::ReportPractice { teacher_id } => teacher_id == self.person_id || self.may(Action::ManagePractice),
            Action::ViewFlowFigures | Action::ViewOutcomes => self.is_staff() || self.has_role(Role::GovernmentOfficer),
            Action::ManageMicroDegree { org_id } => self.is_staff() || self.has_role_in(Role::Teacher, org_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, org_id: i64, org_kind: OrgKind) -> Actor {
        Actor { person_id: 1, grants: vec![Grant { org_id, org_kind, role }] }
    }

    #[test]
    fn a_lab_teacher_manages_only_that_labs_equipment() {
        let teacher = actor(Role::Teacher, 30, OrgKind::Lab);
        assert!(teacher.may(Action::ManageEquipment { lab_id: 30 }));
        assert!(!teacher.may(Action::ManageEquipment { lab_id: 31 }));
        assert!(teacher.may(Action::PublishEquipment));
        assert!(teacher.may(Action::ViewLabFigures));
        assert!(!teacher.may(Action::ViewSharingFigures));
        let college_teacher = actor(Role::Teacher, 2, OrgKind::College);
        assert!(!college_teacher.may(Action::PublishEquipment), "teaching in a college manages no lab");
        assert!(!college_teacher.may(Action::ViewLabFigures));
        let staff = actor(Role::UniversityStaff, 1, OrgKind::University);
        assert!(staff.may(Action::ManageEquipment { lab_id: 31 }));
        let officer = actor(Role::GovernmentOfficer, 5, OrgKind::Government);
        assert!(officer.may(Action::ViewLabFigures));
        assert!(!officer.may(Action::PublishEquipment));
        assert!(!actor(Role::EnterpriseAdmin, 10, OrgKind::Enterprise).may(Action::ManageEquipment { lab_id: 30 }));
        assert!(actor(Role::EnterpriseMember, 10, OrgKind::Enterprise).may(Action::BookEquipment));
        assert!(!officer.may(Action::BookEquipment), "government reads the figures, it does not book");
    }

    #[test]
    fn every_kind_lists_each_variant_once() {
        // An exhaustive match: a new variant does not compile until it is numbered here and
        // added to `every_kind`.
        fn ordinal(a: Action) -> usize {
            match a {
                Action::ViewStructure => 0,
                Action::ManageStructure => 1,
                Action::ListAllEnterprises => 2,
                Action::ViewEnterprise { .. } => 3,
                Action::CreateEnterprise => 4,
                Action::EditEnterprise { .. } => 5,
                Action::ListAllPeople => 6,
                Action::ViewPerson { .. } => 7,
                Action::ManagePeople => 8,
                Action::ManageAdmins => 9,
                Action::ViewAudit => 10,
                Action::ViewDiagnosis { .. } => 11,
                Action::EditDiagnosis { .. } => 12,
                Action::ViewDiagnosisPortfolio => 13,
                Action::ViewDiagnosisAggregates => 14,
                Action::ViewSharingFigures => 15,
                Action::ViewLabFigures => 16,
                Action::BookEquipment => 17,
                Action::PublishEquipment => 18,
                Action::ManageEquipment { .. } => 19,
                Action::ViewDataset { .. } => 20,
                Action::DownloadDataset { .. } => 21,
                Action::ManageDataset { .. } => 22,
                Action::ViewOrderClass { .. } => 23,
                Action::ActForEnterprise { .. } => 24,
                Action::RunOrderClasses => 25,
                Action::ApplyToOrderClass => 26,
                Action::LeaveOrderClass { .. } => 27,
                Action::AssignMentors => 28,
                Action::ViewMentorship { .. } => 29,
                Action::WriteMentorship { .. } => 30,
                Action::ManageInternships => 31,
                Action::ViewInternship { .. } => 32,
                Action::EndInternship { .. } => 33,
                Action::SignAgreement { .. } => 34,
                Action::RecordPractice { .. } => 35,
                Action::ReportPractice { .. } => 36,
                Action::AppointExperts => 37,
                Action::ViewFlowFigures => 38,
                Action::ManageOutcomes => 39,
                Action::ViewOutcomes => 40,
                Action::CreateMicroDegree => 41,
                Action::ManageMicroDegree { .. } => 42,
                Action::EnrolInMicroDegree => 43,
                Action::ManageCredentials => 44,
                Action::ManagePractice => 45,
                Action::WriteProposition { .. } => 46,
                Action::ScreenPropositions => 47,
                Action::ViewProposition { .. } => 48,
                Action::ViewPropositionDetails { .. } => 49,
                Action::ProposeToProposition => 50,
                Action::ViewProposal { .. } => 51,
                Action::DecideProposals { .. } => 52,
                Action::ActForTeam { .. } => 53,
                Action::RecordContract => 54,
                Action::PublishAchievement { .. } => 55,
                Action::ExpressInterest { .. } => 56,
                Action::RunDeals => 57,
                Action::ViewDeal { .. } => 58,
                Action::ViewTransformationReport => 59,
                Action::ViewTalentPool => 60,
                Action::ViewTalentAggregates => 61,
                Action::EditExpertise { .. } => 62,
                Action::ManagePolicies => 63,
                Action::ViewPolicyStanding { .. } => 64,
                Action::ViewPolicyLists => 65,
                Action::ViewPolicyAggregates => 66,
            }
        }
        let mut seen: Vec<usize> = Action::every_kind().iter().map(|a| ordinal(*a)).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..Action::every_kind().len()).collect::<Vec<_>>());
    }

    #[test]
    fn a_proposition_is_the_enterprises_until_published_and_its_details_stay_so() {
        let own = actor(Role::EnterpriseMember, 10, OrgKind::Enterprise);
        let other = actor(Role::EnterpriseAdmin, 11, OrgKind::Enterprise);
        let staff = actor(Role::UniversityStaff, 1, OrgKind::University);
        let teacher = actor(Role::Teacher, 30, OrgKind::Lab);
        assert!(own.may(Action::WriteProposition { enterprise_id: 10 }));
        assert!(!other.may(Action::WriteProposition { enterprise_id: 10 }));
        assert!(!staff.may(Action::WriteProposition { enterprise_id: 10 }), "staff screen, they do not write");
        assert!(staff.may(Action::ScreenPropositions) && !own.may(Action::ScreenPropositions));
        for a in [&other, &teacher] {
            assert!(!a.may(Action::ViewProposition { enterprise_id: 10, published: false }));
            assert!(a.may(Action::ViewProposition { enterprise_id: 10, published: true }));
            assert!(
                !a.may(Action::ViewPropositionDetails { enterprise_id: 10, admitted: false }),
                "the public summary only"
            );
        }
        assert!(own.may(Action::ViewPropositionDetails { enterprise_id: 10, admitted: false }));
        assert!(staff.may(Action::ViewPropositionDetails { enterprise_id: 10, admitted: false }));
        let nobody = Actor { person_id: 9, grants: vec![] };
        assert!(!nobody.may(Action::ViewProposition { enterprise_id: 10, published: true }));
    }

    #[test]
    fn teams_propose_and_the_enterprise_decides_and_nobody_sees_a_competing_proposal() {
        let own = actor(Role::EnterpriseMember, 10, OrgKind::Enterprise);
        let other = actor(Role::EnterpriseAdmin, 11, OrgKind::Enterprise);
        let teacher = actor(Role::Teacher, 30, OrgKind::Lab);
        let student = actor(Role::Student, 20, OrgKind::College);
        assert!(teacher.may(Action::ProposeToProposition));
        assert!(!own.may(Action::ProposeToProposition) && !student.may(Action::ProposeToProposition));
        assert!(own.may(Action::DecideProposals { enterprise_id: 10 }));
        assert!(!other.may(Action::DecideProposals { enterprise_id: 10 }));
        assert!(!teacher.may(Action::DecideProposals { enterprise_id: 10 }));
        assert!(teacher.may(Action::ViewProposal { enterprise_id: 10, team: true }));
        assert!(!teacher.may(Action::ViewProposal { enterprise_id: 10, team: false }), "a competing team's");
        assert!(!other.may(Action::ViewProposal { enterprise_id: 10, team: false }));
        assert!(teacher.may(Action::ViewPropositionDetails { enterprise_id: 10, admitted: true }));
        assert!(!teacher.may(Action::ViewPropositionDetails { enterprise_id: 10, admitted: false }));
        assert!(!teacher.may(Action::ActForTeam { team: false }) && teacher.may(Action::ActForTeam { team: true }));
        assert!(!own.may(Action::RecordContract) && !teacher.may(Action::RecordContract));
    }

    #[test]
    fn every_action_has_its_own_code() {
        let actions = Action::every_kind();
        let codes: std::collections::BTreeSet<&str> = actions.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), actions.len());
    }

    #[test]
    fn an_enterprise_admin_edits_only_its_own_enterprise() {
        let a = actor(Role::EnterpriseAdmin, 10, OrgKind::Enterprise);
        assert!(a.may(Action::ViewEnterprise { org_id: 10 }));
        assert!(a.may(Action::EditEnterprise { org_id: 10 }));
        assert!(!a.may(Action::ViewEnterprise { org_id: 11 }));
        assert!(!a.may(Action::EditEnterprise { org_id: 11 }));
        assert!(!a.may(Action::ListAllEnterprises));
        assert!(!a.may(Action::CreateEnterprise));
        assert!(!a.may(Action::ViewAudit));
    }

    #[test]
    fn an_enterprise_member_cannot_edit_its_enterprise() {
        let a = actor(Role::EnterpriseMember, 10, OrgKind::Enterprise);
        assert!(a.may(Action::ViewEnterprise { org_id: 10 }));
        assert!(!a.may(Action::EditEnterprise { org_id: 10 }));
    }

    #[test]
    fn staff_manage_people_but_not_administrators() {
        let staff = actor(Role::UniversityStaff, 1, OrgKind::University);
        assert!(staff.may(Action::ManagePeople));
        assert!(!staff.may(Action::ManageAdmins));
        let admin = actor(Role::PlatformAdmin, 1, OrgKind::University);
        assert!(admin.may(Action::ManageAdmins));
    }

    #[test]
    fn government_reads_but_does_not_write() {
        let a = actor(Role::GovernmentOfficer, 5, OrgKind::Government);
        assert!(a.may(Action::ListAllEnterprises));
        assert!(!a.may(Action::EditEnterprise { org_id: 10 }));
        assert!(!a.may(Action::ManageStructure));
    }

    #[test]
    fn students_see_structure_and_themselves_only() {
        let a = actor(Role::Student, 2, OrgKind::College);
        assert!(a.may(Action::ViewStructure));
        assert!(a.may(Action::ViewPerson { person_id: 1, shares_org: false }));
        assert!(!a.may(Action::ViewPerson { person_id: 9, shares_org: false }));
        assert!(!a.may(Action::ListAllEnterprises));
        assert!(!a.may(Action::ListAllPeople));
    }

    #[test]
    fn diagnoses_belong_to_their_enterprise_and_staff() {
        let admin = actor(Role::EnterpriseAdmin, 10, OrgKind::Enterprise);
        assert!(admin.may(Action::EditDiagnosis { org_id: 10 }));
        assert!(!admin.may(Action::ViewDiagnosis { org_id: 11 }));
        let member = actor(Role::EnterpriseMember, 10, OrgKind::Enterprise);
        assert!(member.may(Action::ViewDiagnosis { org_id: 10 }));
        assert!(!member.may(Action::EditDiagnosis { org_id: 10 }));
        let gov = actor(Role::GovernmentOfficer, 5, OrgKind::Government);
        assert!(!gov.may(Action::ViewDiagnosis { org_id: 10 }), "government sees aggregates only");
        assert!(gov.may(Action::ViewDiagnosisAggregates) && !gov.may(Action::ViewDiagnosisPortfolio));
        assert!(!admin.may(Action::ViewDiagnosisAggregates));
        assert!(gov.may(Action::ViewSharingFigures) && !admin.may(Action::ViewSharingFigures));
        let staff = actor(Role::UniversityStaff, 1, OrgKind::University);
        assert!(staff.may(Action::EditDiagnosis { org_id: 10 }));
    }

    #[test]
    fn nobody_without_a_grant_may_do_anything() {
        let a = Actor { person_id: 1, grants: vec![] };
        assert!(!a.may(Action::ViewStructure));
        assert!(!a.may(Action::ViewEnterprise { org_id: 1 }));
    }

    #[test]
    fn roles_fit_their_kind_of_organisation() {
        assert!(Role::Teacher.fits(OrgKind::Lab));
        assert!(!Role::Teacher.fits(OrgKind::Enterprise));
        assert!(Role::EnterpriseExpert.fits(OrgKind::Enterprise));
        assert!(!Role::PlatformAdmin.fits(OrgKind::College));
    }
}
