// Reference data for address-regions.ts, kept as compact text tables so a reviewer can diff it against
// its sources (IANA zone.tab, ISO 3166-1, ISO 4217, ENTSO-E bidding zones) line by line.

// One line per ISO 3166-1 alpha-2 code: code, default IANA zone, ISO 4217 currency.
// Zone '-' means there is no country-wide answer (multi-zone country needing a region, or uninhabited);
// currency '-' means no currency of its own (Antarctica).
// Multi-zone countries whose population overwhelmingly shares one zone (ES, PT, NZ, CL, EC, GL, KI, MN,
// PF, PG, PS) keep that zone as default; region rules below refine it.
export const COUNTRY_TABLE = `
AD Europe/Andorra EUR|AE Asia/Dubai AED|AF Asia/Kabul AFN|AG America/Antigua XCD|AI America/Anguilla XCD
AL Europe/Tirane ALL|AM Asia/Yerevan AMD|AO Africa/Luanda AOA|AQ - -|AR America/Argentina/Buenos_Aires ARS
AS Pacific/Pago_Pago USD|AT Europe/Vienna EUR|AU - AUD|AW America/Aruba AWG|AX Europe/Mariehamn EUR
AZ Asia/Baku AZN|BA Europe/Sarajevo BAM|BB America/Barbados BBD|BD Asia/Dhaka BDT|BE Europe/Brussels EUR
BF Africa/Ouagadougou XOF|BG Europe/Sofia EUR|BH Asia/Bahrain BHD|BI Africa/Bujumbura BIF
BJ Africa/Porto-Novo XOF|BL America/St_Barthelemy EUR|BM Atlantic/Bermuda BMD|BN Asia/Brunei BND
BO America/La_Paz BOB|BQ America/Kralendijk USD|BR - BRL|BS America/Nassau BSD|BT Asia/Thimphu BTN
BV - NOK|BW Africa/Gaborone BWP|BY Europe/Minsk BYN|BZ America/Belize BZD|CA - CAD|CC Indian/Cocos AUD
CD - CDF|CF Africa/Bangui XAF|CG Africa/Brazzaville XAF|CH Europe/Zurich CHF|CI Africa/Abidjan XOF
CK Pacific/Rarotonga NZD|CL America/Santiago CLP|CM Africa/Douala XAF|CN Asia/Shanghai CNY
CO America/Bogota COP|CR America/Costa_Rica CRC|CU America/Havana CUP|CV Atlantic/Cape_Verde CVE
CW America/Curacao XCG|CX Indian/Christmas AUD|CY Asia/Nicosia EUR|CZ Europe/Prague CZK|DE Europe/Berlin EUR
DJ Africa/Djibouti DJF|DK Europe/Copenhagen DKK|DM America/Dominica XCD|DO America/Santo_Domingo DOP
DZ Africa/Algiers DZD|EC America/Guayaquil USD|EE Europe/Tallinn EUR|EG Africa/Cairo EGP
EH Africa/El_Aaiun MAD|ER Africa/Asmara ERN|ES Europe/Madrid EUR|ET Africa/Addis_Ababa ETB
FI Europe/Helsinki EUR|FJ Pacific/Fiji FJD|FK Atlantic/Stanley FKP|FM - USD|FO Atlantic/Faroe DKK
FR Europe/Paris EUR|GA Africa/Libreville XAF|GB Europe/London GBP|GD America/Grenada XCD|GE Asia/Tbilisi GEL
GF America/Cayenne EUR|GG Europe/Guernsey GBP|GH Africa/Accra GHS|GI Europe/Gibraltar GIP
GL America/Nuuk DKK|GM Africa/Banjul GMD|GN Africa/Conakry GNF|GP America/Guadeloupe EUR
GQ Africa/Malabo XAF|GR Europe/Athens EUR|GS Atlantic/South_Georgia GBP|GT America/Guatemala GTQ
GU Pacific/Guam USD|GW Africa/Bissau XOF|GY America/Guyana GYD|HK Asia/Hong_Kong HKD|HM - AUD
HN America/Tegucigalpa HNL|HR Europe/Zagreb EUR|HT America/Port-au-Prince HTG|HU Europe/Budapest HUF
ID - IDR|IE Europe/Dublin EUR|IL Asia/Jerusalem ILS|IM Europe/Isle_of_Man GBP|IN Asia/Kolkata INR
IO Indian/Chagos USD|IQ Asia/Baghdad IQD|IR Asia/Tehran IRR|IS Atlantic/Reykjavik ISK|IT Europe/Rome EUR
JE Europe/Jersey GBP|JM America/Jamaica JMD|JO Asia/Amman JOD|JP Asia/Tokyo JPY|KE Africa/Nairobi KES
KG Asia/Bishkek KGS|KH Asia/Phnom_Penh KHR|KI Pacific/Tarawa AUD|KM Indian/Comoro KMF
KN America/St_Kitts XCD|KP Asia/Pyongyang KPW|KR Asia/Seoul KRW|KW Asia/Kuwait KWD|KY America/Cayman KYD
KZ Asia/Almaty KZT|LA Asia/Vientiane LAK|LB Asia/Beirut LBP|LC America/St_Lucia XCD|LI Europe/Vaduz CHF
LK Asia/Colombo LKR|LR Africa/Monrovia LRD|LS Africa/Maseru LSL|LT Europe/Vilnius EUR
LU Europe/Luxembourg EUR|LV Europe/Riga EUR|LY Africa/Tripoli LYD|MA Africa/Casablanca MAD
MC Europe/Monaco EUR|MD Europe/Chisinau MDL|ME Europe/Podgorica EUR|MF America/Marigot EUR
MG Indian/Antananarivo MGA|MH Pacific/Majuro USD|MK Europe/Skopje MKD|ML Africa/Bamako XOF
MM Asia/Yangon MMK|MN Asia/Ulaanbaatar MNT|MO Asia/Macau MOP|MP Pacific/Saipan USD
MQ America/Martinique EUR|MR Africa/Nouakchott MRU|MS America/Montserrat XCD|MT Europe/Malta EUR
MU Indian/Mauritius MUR|MV Indian/Maldives MVR|MW Africa/Blantyre MWK|MX - MXN|MY Asia/Kuala_Lumpur MYR
MZ Africa/Maputo MZN|NA Africa/Windhoek NAD|NC Pacific/Noumea XPF|NE Africa/Niamey XOF|NF Pacific/Norfolk AUD
NG Africa/Lagos NGN|NI America/Managua NIO|NL Europe/Amsterdam EUR|NO Europe/Oslo NOK
NP Asia/Kathmandu NPR|NR Pacific/Nauru AUD|NU Pacific/Niue NZD|NZ Pacific/Auckland NZD|OM Asia/Muscat OMR
PA America/Panama PAB|PE America/Lima PEN|PF Pacific/Tahiti XPF|PG Pacific/Port_Moresby PGK
PH Asia/Manila PHP|PK Asia/Karachi PKR|PL Europe/Warsaw PLN|PM America/Miquelon EUR|PN Pacific/Pitcairn NZD
PR America/Puerto_Rico USD|PS Asia/Hebron ILS|PT Europe/Lisbon EUR|PW Pacific/Palau USD
PY America/Asuncion PYG|QA Asia/Qatar QAR|RE Indian/Reunion EUR|RO Europe/Bucharest RON
RS Europe/Belgrade RSD|RU - RUB|RW Africa/Kigali RWF|SA Asia/Riyadh SAR|SB Pacific/Guadalcanal SBD
SC Indian/Mahe SCR|SD Africa/Khartoum SDG|SE Europe/Stockholm SEK|SG Asia/Singapore SGD
SH Atlantic/St_Helena SHP|SI Europe/Ljubljana EUR|SJ Arctic/Longyearbyen NOK|SK Europe/Bratislava EUR
SL Africa/Freetown SLE|SM Europe/San_Marino EUR|SN Africa/Dakar XOF|SO Africa/Mogadishu SOS
SR America/Paramaribo SRD|SS Africa/Juba SSP|ST Africa/Sao_Tome STN|SV America/El_Salvador USD
SX America/Lower_Princes XCG|SY Asia/Damascus SYP|SZ Africa/Mbabane SZL|TC America/Grand_Turk USD
TD Africa/Ndjamena XAF|TF Indian/Kerguelen EUR|TG Africa/Lome XOF|TH Asia/Bangkok THB|TJ Asia/Dushanbe TJS
TK Pacific/Fakaofo NZD|TL Asia/Dili USD|TM Asia/Ashgabat TMT|TN Africa/Tunis TND|TO Pacific/Tongatapu TOP
TR Europe/Istanbul TRY|TT America/Port_of_Spain TTD|TV Pacific/Funafuti AUD|TW Asia/Taipei TWD
TZ Africa/Dar_es_Salaam TZS|UA Europe/Kyiv UAH|UG Africa/Kampala UGX|UM - USD|US - USD
UY America/Montevideo UYU|UZ Asia/Tashkent UZS|VA Europe/Vatican EUR|VC America/St_Vincent XCD
VE America/Caracas VES|VG America/Tortola USD|VI America/St_Thomas USD|VN Asia/Ho_Chi_Minh VND
VU Pacific/Efate VUV|WF Pacific/Wallis XPF|WS Pacific/Apia WST|YE Asia/Aden YER|YT Indian/Mayotte EUR
ZA Africa/Johannesburg ZAR|ZM Africa/Lusaka ZMW|ZW Africa/Harare ZWG
`;

// Region names → zone, per country: zone → '|'-separated aliases (ISO 3166-2 codes, postal abbreviations,
// English and local names). Split states take the zone where most of their population lives.
export const REGION_ZONES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    'America/New_York':
      'CT|Connecticut|DE|Delaware|DC|District of Columbia|Washington DC|FL|Florida|GA|Georgia|KY|Kentucky|' +
      'ME|Maine|MD|Maryland|MA|Massachusetts|NH|New Hampshire|NJ|New Jersey|NY|New York|NC|North Carolina|' +
      'OH|Ohio|PA|Pennsylvania|RI|Rhode Island|SC|South Carolina|VT|Vermont|VA|Virginia|WV|West Virginia',
    'America/Detroit': 'MI|Michigan',
    'America/Indiana/Indianapolis': 'IN|Indiana',
    'America/Chicago':
      'AL|Alabama|AR|Arkansas|IL|Illinois|IA|Iowa|KS|Kansas|LA|Louisiana|MN|Minnesota|MS|Mississippi|' +
      'MO|Missouri|NE|Nebraska|ND|North Dakota|OK|Oklahoma|SD|South Dakota|TN|Tennessee|TX|Texas|WI|Wisconsin',
    'America/Denver': 'CO|Colorado|MT|Montana|NM|New Mexico|UT|Utah|WY|Wyoming',
    'America/Boise': 'ID|Idaho',
    'America/Phoenix': 'AZ|Arizona',
    'America/Los_Angeles': 'CA|California|NV|Nevada|OR|Oregon|WA|Washington',
    'America/Anchorage': 'AK|Alaska',
    'Pacific/Honolulu': 'HI|Hawaii',
    'America/Puerto_Rico': 'PR|Puerto Rico',
    'America/St_Thomas': 'VI|US Virgin Islands|Virgin Islands',
    'Pacific/Guam': 'GU|Guam',
    'Pacific/Saipan': 'MP|Northern Mariana Islands',
    'Pacific/Pago_Pago': 'AS|American Samoa',
  },
  CA: {
    'America/Vancouver': 'BC|British Columbia|Colombie-Britannique',
    'America/Edmonton': 'AB|Alberta|NT|Northwest Territories|Territoires du Nord-Ouest',
    'America/Regina': 'SK|Saskatchewan',
    'America/Winnipeg': 'MB|Manitoba',
    'America/Toronto': 'ON|Ontario|QC|Quebec|PQ',
    'America/Moncton': 'NB|New Brunswick|Nouveau-Brunswick',
    'America/Halifax': 'NS|Nova Scotia|Nouvelle-Ecosse|PE|PEI|Prince Edward Island|Ile-du-Prince-Edouard',
    'America/St_Johns': 'NL|Newfoundland and Labrador|Newfoundland|Terre-Neuve-et-Labrador',
    'America/Whitehorse': 'YT|Yukon',
    'America/Iqaluit': 'NU|Nunavut',
  },
  AU: {
    'Australia/Sydney': 'NSW|New South Wales|ACT|Australian Capital Territory|Jervis Bay Territory',
    'Australia/Melbourne': 'VIC|Victoria',
    'Australia/Brisbane': 'QLD|Queensland',
    'Australia/Adelaide': 'SA|South Australia',
    'Australia/Perth': 'WA|Western Australia',
    'Australia/Hobart': 'TAS|Tasmania',
    'Australia/Darwin': 'NT|Northern Territory',
  },
  BR: {
    'America/Sao_Paulo':
      'SP|Sao Paulo|RJ|Rio de Janeiro|MG|Minas Gerais|ES|Espirito Santo|PR|Parana|SC|Santa Catarina|' +
      'RS|Rio Grande do Sul|GO|Goias|DF|Distrito Federal|Brasilia',
    'America/Bahia': 'BA|Bahia',
    'America/Fortaleza': 'CE|Ceara|MA|Maranhao|PI|Piaui|RN|Rio Grande do Norte|PB|Paraiba',
    'America/Recife': 'PE|Pernambuco',
    'America/Maceio': 'AL|Alagoas|SE|Sergipe',
    'America/Araguaina': 'TO|Tocantins',
    'America/Belem': 'PA|Para|AP|Amapa',
    'America/Manaus': 'AM|Amazonas',
    'America/Cuiaba': 'MT|Mato Grosso',
    'America/Campo_Grande': 'MS|Mato Grosso do Sul',
    'America/Porto_Velho': 'RO|Rondonia',
    'America/Boa_Vista': 'RR|Roraima',
    'America/Rio_Branco': 'AC|Acre',
  },
  MX: {
    'America/Mexico_City':
      'AGU|Aguascalientes|CHP|Chiapas|COL|Colima|CMX|CDMX|DF|Ciudad de Mexico|Mexico City|Distrito Federal|' +
      'GUA|Guanajuato|GRO|Guerrero|HID|Hidalgo|JAL|Jalisco|MEX|Mexico|Estado de Mexico|MIC|Michoacan|' +
      'Michoacan de Ocampo|MOR|Morelos|OAX|Oaxaca|PUE|Puebla|QUE|Queretaro|SLP|San Luis Potosi|TAB|Tabasco|' +
      'TLA|Tlaxcala|VER|Veracruz|Veracruz de Ignacio de la Llave|ZAC|Zacatecas',
    'America/Monterrey': 'NLE|Nuevo Leon|COA|Coahuila|Coahuila de Zaragoza|DUR|Durango|TAM|Tamaulipas',
    'America/Merida': 'YUC|Yucatan|CAM|Campeche',
    'America/Cancun': 'ROO|Quintana Roo',
    'America/Chihuahua': 'CHH|Chihuahua',
    'America/Mazatlan': 'SIN|Sinaloa|BCS|Baja California Sur|NAY|Nayarit',
    'America/Hermosillo': 'SON|Sonora',
    'America/Tijuana': 'BCN|Baja California',
  },
  RU: {
    'Europe/Kaliningrad': 'Kaliningrad',
    'Europe/Moscow':
      'Moscow|Moskva|Saint Petersburg|St Petersburg|Sankt-Peterburg|Leningrad|Adygea|Arkhangelsk|Belgorod|' +
      'Bryansk|Chechnya|Chechen|Chuvashia|Chuvash|Dagestan|Ingushetia|Ivanovo|Kabardino-Balkaria|' +
      'Kabardino-Balkar|Kalmykia|Kaluga|Karachay-Cherkessia|Karachay-Cherkess|Karelia|Komi|Kostroma|' +
      'Krasnodar|Kursk|Lipetsk|Mari El|Mordovia|Murmansk|Nenets|Nizhny Novgorod|Novgorod|North Ossetia|' +
      'North Ossetia-Alania|Oryol|Orel|Penza|Pskov|Rostov|Ryazan|Smolensk|Stavropol|Tambov|Tatarstan|Tula|' +
      'Tver|Vladimir|Vologda|Voronezh|Yaroslavl',
    'Europe/Kirov': 'Kirov',
    'Europe/Volgograd': 'Volgograd',
    'Europe/Astrakhan': 'Astrakhan',
    'Europe/Saratov': 'Saratov',
    'Europe/Ulyanovsk': 'Ulyanovsk',
    'Europe/Samara': 'Samara|Udmurtia|Udmurt',
    'Asia/Yekaterinburg':
      'Sverdlovsk|Yekaterinburg|Bashkortostan|Bashkiria|Chelyabinsk|Khanty-Mansi|Khanty-Mansiysk|' +
      'Khanty-Mansi Yugra|Yugra|Kurgan|Orenburg|Perm|Tyumen|Yamalo-Nenets|Yamal',
    'Asia/Omsk': 'Omsk',
    'Asia/Novosibirsk': 'Novosibirsk',
    'Asia/Barnaul': 'Altai|Altai Krai|Altai Republic|Gorno-Altai',
    'Asia/Tomsk': 'Tomsk',
    'Asia/Novokuznetsk': 'Kemerovo|Kuzbass|Kemerovo Kuzbass',
    'Asia/Krasnoyarsk': 'Krasnoyarsk|Khakassia|Tuva|Tyva',
    'Asia/Irkutsk': 'Irkutsk|Buryatia',
    'Asia/Chita': 'Zabaykalsky|Zabaikalsky|Transbaikal|Chita',
    'Asia/Yakutsk': 'Amur|Sakha|Yakutia|Sakha Yakutia',
    'Asia/Vladivostok': 'Primorsky|Primorye|Khabarovsk|Jewish|Jewish Autonomous Oblast',
    'Asia/Sakhalin': 'Sakhalin',
    'Asia/Magadan': 'Magadan',
    'Asia/Kamchatka': 'Kamchatka',
    'Asia/Anadyr': 'Chukotka',
  },
  ID: {
    'Asia/Jakarta':
      'Aceh|Sumatera Utara|North Sumatra|Sumatera Barat|West Sumatra|Riau|Kepulauan Riau|Riau Islands|Jambi|' +
      'Sumatera Selatan|South Sumatra|Bengkulu|Lampung|Kepulauan Bangka Belitung|Bangka Belitung|Banten|' +
      'DKI Jakarta|Jakarta|Jawa Barat|West Java|Jawa Tengah|Central Java|DI Yogyakarta|Yogyakarta|' +
      'Jawa Timur|East Java',
    'Asia/Pontianak': 'Kalimantan Barat|West Kalimantan|Kalimantan Tengah|Central Kalimantan',
    'Asia/Makassar':
      'Bali|Nusa Tenggara Barat|West Nusa Tenggara|Nusa Tenggara Timur|East Nusa Tenggara|' +
      'Kalimantan Selatan|South Kalimantan|Kalimantan Timur|East Kalimantan|Kalimantan Utara|North Kalimantan|' +
      'Sulawesi Utara|North Sulawesi|Sulawesi Tengah|Central Sulawesi|Sulawesi Selatan|South Sulawesi|' +
      'Sulawesi Tenggara|Southeast Sulawesi|Sulawesi Barat|West Sulawesi|Gorontalo',
    'Asia/Jayapura':
      'Maluku|Maluku Utara|North Maluku|Papua|Papua Barat|West Papua|Papua Selatan|South Papua|Papua Tengah|' +
      'Central Papua|Papua Pegunungan|Highland Papua|Papua Barat Daya|Southwest Papua',
  },
  CD: {
    'Africa/Kinshasa':
      'Kinshasa|Kongo Central|Bas-Congo|Kwango|Kwilu|Mai-Ndombe|Bandundu|Equateur|Mongala|Nord-Ubangi|' +
      'Sud-Ubangi|Tshuapa',
    'Africa/Lubumbashi':
      'Haut-Katanga|Katanga|Lualaba|Haut-Lomami|Tanganyika|Kasai|Kasai-Central|Kasai-Oriental|' +
      'Kasai-Occidental|Lomami|Sankuru|Maniema|Nord-Kivu|North Kivu|Sud-Kivu|South Kivu|Ituri|Tshopo|' +
      'Bas-Uele|Haut-Uele|Orientale',
  },
  FM: {
    'Pacific/Chuuk': 'Chuuk|Yap',
    'Pacific/Pohnpei': 'Pohnpei',
    'Pacific/Kosrae': 'Kosrae',
  },
  // Countries below have a default zone; these are the exceptions.
  ES: {
    'Atlantic/Canary':
      'CN|Canarias|Islas Canarias|Canary Islands|GC|Las Palmas|TF|Santa Cruz de Tenerife|Tenerife|' +
      'Gran Canaria|Lanzarote|Fuerteventura|La Palma|La Gomera|El Hierro',
    'Africa/Ceuta': 'CE|Ceuta|ML|Melilla',
  },
  PT: {
    'Atlantic/Azores': '20|Azores|Acores|Açores',
    'Atlantic/Madeira': '30|Madeira',
  },
  NZ: { 'Pacific/Chatham': 'CIT|Chatham|Chatham Islands' },
  CL: { 'America/Punta_Arenas': 'MA|Magallanes|Magallanes y de la Antartica Chilena' },
  EC: { 'Pacific/Galapagos': 'W|Galapagos' },
  MN: { 'Asia/Hovd': 'Bayan-Olgii|Bayan-Ulgii|Govi-Altai|Khovd|Hovd|Uvs|Zavkhan' },
  PF: { 'Pacific/Marquesas': 'Marquesas|Iles Marquises', 'Pacific/Gambier': 'Gambier|Iles Gambier' },
  PG: { 'Pacific/Bougainville': 'NSB|Bougainville|Autonomous Region of Bougainville' },
  PS: { 'Asia/Gaza': 'Gaza|Gaza Strip|North Gaza|Deir al-Balah|Khan Yunis|Rafah' },
  KI: { 'Pacific/Kiritimati': 'L|Line Islands|Kiritimati', 'Pacific/Kanton': 'P|Phoenix Islands|Kanton' },
  FR: {
    'America/Guadeloupe': 'GP|Guadeloupe',
    'America/Martinique': 'MQ|Martinique',
    'America/Cayenne': 'GF|Guyane|French Guiana',
    'Indian/Reunion': 'RE|Reunion|La Reunion',
    'Indian/Mayotte': 'YT|Mayotte',
    'America/Miquelon': 'PM|Saint-Pierre-et-Miquelon',
    'Pacific/Noumea': 'NC|Nouvelle-Caledonie|New Caledonia',
    'Pacific/Tahiti': 'PF|Polynesie francaise|French Polynesia',
    'Pacific/Wallis': 'WF|Wallis-et-Futuna',
  },
};

// Market regions from the Flatpeak spec. Per country the first row is the default.
// Columns: country, region, market, id.
export const MARKET_TABLE = `
AT AT nordpool mrs_65792b4ef61b16685ebd2ebf|BE BE nordpool mrs_65792b4ef61b16685ebd2ec1
CH CH epex mrs_65792b4ef61b16685ebd2e94|DE GER nordpool mrs_66798016c0d13b149391f8e5
DK DK2 nordpool mrs_65792b4ef61b16685ebd2eab|DK DK1 nordpool mrs_65792b4ef61b16685ebd2ea9
EE EE nordpool mrs_65792b4ef61b16685ebd2eb9|ES ES omie mrs_65792b4df61b16685ebd2e77
FI FI nordpool mrs_65792b4ef61b16685ebd2ea7|FR FR nordpool mrs_65792b4ef61b16685ebd2ec5
FR CORS gme mrs_65792b4ef61b16685ebd2e8c|GB GB nordpool mrs_65792b4ef61b16685ebd2ec9
GR GREC gme mrs_65792b4ef61b16685ebd2e90|IT NORD gme mrs_65792b4ef61b16685ebd2e80
IT CNOR gme mrs_65792b4ef61b16685ebd2e7c|IT CSUD gme mrs_65792b4ef61b16685ebd2e7e
IT SUD gme mrs_65792b4ef61b16685ebd2e86|IT SICI gme mrs_65792b4ef61b16685ebd2e84
IT SARD gme mrs_65792b4ef61b16685ebd2e82|LT LT nordpool mrs_65792b4ef61b16685ebd2ebd
LV LV nordpool mrs_65792b4ef61b16685ebd2ebb|MT MALT gme mrs_65792b4ef61b16685ebd2e98
NL NL nordpool mrs_65792b4ef61b16685ebd2ec7|NO NO1 nordpool mrs_66c3c4b54bbcdce07b8a9662
NO NO2 nordpool mrs_66c3c4b54bbcdce07b8a9664|NO NO3 nordpool mrs_66c3c4b54bbcdce07b8a9666
NO NO4 nordpool mrs_66c3c4b54bbcdce07b8a9668|NO NO5 nordpool mrs_66c3c4b54bbcdce07b8a966a
PL PL nordpool mrs_68e3afa7a51a38aeb8a40f60|PT PT omie mrs_65792b4df61b16685ebd2e79
SE SE3 nordpool mrs_65792b4ef61b16685ebd2ea3|SE SE1 nordpool mrs_65792b4ef61b16685ebd2e9f
SE SE2 nordpool mrs_65792b4ef61b16685ebd2ea1|SE SE4 nordpool mrs_65792b4ef61b16685ebd2ea5
SI SLOV gme mrs_65792b4ef61b16685ebd2e92|AU AU aemo mrs_68f16ac2706b1a97a28a99b6
JP JP jepx mrs_68f16acb4d63cb6d3eb97d3e|SK SK okte mrs_68f16ad713c2dfe95b0b87e5
HR HR cropex mrs_68f16ae2739297c63d8cf26a|BG BG ibex mrs_68f16aeb830b11e57198c8fa
UA UA oree mrs_68f16b02a18d079473d2cc4e|HU HU hupx mrs_68f16b1266aaf3e8ee19eadb
CZ CZ ote mrs_68f16b1a9300a18b45ba73d7|IE IE selectra mrs_68f16b220d344bb5573dd8bf
`;

// Region names (and large cities, used only when the state is absent or unknown) → market region.
export const MARKET_REGION_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  DK: {
    DK1:
      'Nordjylland|North Denmark Region|Midtjylland|Central Denmark Region|Syddanmark|Southern Denmark|' +
      'Jylland|Jutland|Fyn|Funen|Aarhus|Odense|Aalborg|Esbjerg',
    DK2: 'Hovedstaden|Capital Region|Capital Region of Denmark|Sjaelland|Zealand|Kobenhavn|Copenhagen|Bornholm',
  },
  FR: { CORS: 'COR|Corse|Corsica|Corse-du-Sud|Haute-Corse|2A|2B|Ajaccio|Bastia' },
  IT: {
    NORD:
      "Piemonte|Piedmont|Valle d'Aosta|Aosta Valley|Vallee d'Aoste|Lombardia|Lombardy|Trentino-Alto Adige|" +
      'Trentino-Alto Adige/Sudtirol|Trentino-South Tyrol|Trentino|Alto Adige|Sudtirol|South Tyrol|Veneto|' +
      'Friuli-Venezia Giulia|Friuli|Liguria|Emilia-Romagna|' +
      'TO|VC|NO|CN|AT|AL|BI|VB|AO|VA|CO|SO|MI|BG|BS|PV|CR|MN|LC|LO|MB|BZ|TN|VR|VI|BL|TV|VE|PD|RO|UD|GO|TS|PN|' +
      'IM|SV|GE|SP|PC|PR|RE|MO|BO|FE|RA|FC|RN|Milano|Milan|Torino|Turin|Genova|Genoa|Venezia|Venice|Bologna',
    CNOR: 'Toscana|Tuscany|Marche|Marches|MS|LU|PT|FI|LI|PI|AR|SI|GR|PO|PU|AN|MC|AP|FM|Firenze|Florence',
    CSUD:
      'Lazio|Latium|Umbria|Abruzzo|Abruzzi|Campania|VT|RI|RM|LT|FR|PG|TR|AQ|TE|PE|CH|CE|BN|NA|AV|SA|' +
      'Roma|Rome|Napoli|Naples',
    SUD: 'Molise|Puglia|Apulia|Basilicata|Calabria|CB|IS|FG|BA|TA|BR|LE|BT|PZ|MT|CS|CZ|RC|KR|VV|Bari|Taranto',
    SICI: 'Sicilia|Sicily|Regione Siciliana|TP|PA|ME|AG|CL|EN|CT|RG|SR|Palermo|Catania|Messina',
    SARD: 'Sardegna|Sardinia|SS|NU|CA|OR|SU|OT|OG|VS|CI|Cagliari|Sassari',
  },
  NO: {
    NO1: 'Oslo|Viken|Innlandet|Ostfold|Akershus|Buskerud|Vestfold|Hedmark|Oppland|Drammen|Fredrikstad|Lillehammer',
    NO2: 'Agder|Aust-Agder|Vest-Agder|Rogaland|Telemark|Stavanger|Kristiansand|Sandnes|Skien',
    NO3: 'Trondelag|Sor-Trondelag|Nord-Trondelag|More og Romsdal|Trondheim|Alesund|Molde',
    NO4: 'Nordland|Troms|Finnmark|Troms og Finnmark|Tromso|Bodo|Narvik',
    NO5: 'Vestland|Hordaland|Sogn og Fjordane|Bergen',
  },
  // Dalarna and Gävleborg straddle SE2/SE3 and fall through to the SE3 default.
  SE: {
    SE1: 'Norrbotten|Norrbottens|Lulea|Kiruna',
    SE2: 'Vasterbotten|Vasterbottens|Jamtland|Jamtlands|Vasternorrland|Vasternorrlands|Umea|Sundsvall|Ostersund',
    SE3:
      'Stockholm|Stockholms|Uppsala|Sodermanland|Sodermanlands|Ostergotland|Ostergotlands|Jonkoping|' +
      'Jonkopings|Gotland|Gotlands|Varmland|Varmlands|Orebro|Vastmanland|Vastmanlands|Vastra Gotaland|' +
      'Vastra Gotalands|Goteborg|Gothenburg|Linkoping|Vasteras',
    SE4: 'Skane|Blekinge|Kalmar|Kronoberg|Kronobergs|Halland|Hallands|Malmo|Helsingborg|Lund|Vaxjo|Karlskrona',
  },
  // Northern Ireland trades in the all-island Irish market (I-SEM), not the GB one.
  GB: { IE: 'NIR|Northern Ireland|Belfast' },
};
